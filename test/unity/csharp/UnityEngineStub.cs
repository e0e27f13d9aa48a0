// A minimal stand-in of the UnityEngine types the plyr-kit Runtime uses, so that CI can compile it with Mono's
// mcs (no Unity install). Only what the Runtime touches, with Unity's names and signatures; behaviour is the
// least that the tests need (AddComponent calls Awake, as Unity does).
using System;
using System.Reflection;

namespace UnityEngine
{
    public enum RuntimePlatform { WindowsEditor, LinuxEditor, OSXEditor, WindowsPlayer, LinuxPlayer, OSXPlayer, Android, IPhonePlayer, WebGLPlayer }

    public static class Application
    {
        public static RuntimePlatform platform { get { return RuntimePlatform.LinuxEditor; } }
        public static void OpenURL(string url) { }
    }

    public static class Debug
    {
        public static int Warnings;
        public static void Log(object message) { Console.WriteLine(message); }
        public static void LogWarning(object message) { Warnings++; Console.WriteLine("warning: " + message); }
        public static void LogError(object message) { Console.WriteLine("error: " + message); }
        public static void LogException(Exception exception) { Console.WriteLine("exception: " + exception); }
    }

    public class Object
    {
        public string name { get; set; }
        public static void DontDestroyOnLoad(Object target) { }
    }

    public class GameObject : Object
    {
        public GameObject(string name) { this.name = name; }

        public T AddComponent<T>() where T : Component, new()
        {
            var component = new T();
            component.gameObject = this;
            var awake = typeof(T).GetMethod("Awake", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (awake != null) awake.Invoke(component, null);
            return component;
        }
    }

    public class Component : Object
    {
        public GameObject gameObject { get; internal set; }
    }

    public class Behaviour : Component { }

    public class MonoBehaviour : Behaviour { }

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class DisallowMultipleComponent : Attribute { }

    // For the sample scene script (IMGUI).
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class TooltipAttribute : Attribute
    {
        public TooltipAttribute(string tooltip) { }
    }

    public struct Rect
    {
        public Rect(float x, float y, float width, float height) { }
    }

    public static class GUI
    {
        public static bool enabled { get; set; }
    }

    public static class GUILayout
    {
        public static void BeginArea(Rect screenRect) { }
        public static void EndArea() { }
        public static void Label(string text) { }
        public static string TextField(string text, int maxLength) { return text; }
        public static bool Button(string text) { return false; }
    }
}
