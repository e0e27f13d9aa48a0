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
        /// <summary>The page's URL in a WebGL player.</summary>
        public static string absoluteURL { get { return "http://127.0.0.1/index.html"; } }
    }

    /// <summary>Unity's WebGL keyboard setting (on by default, as in Unity).</summary>
    public static class WebGLInput
    {
        private static bool _capture = true;
        public static bool captureAllKeyboardInput { get { return _capture; } set { _capture = value; } }
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

    public class MonoBehaviour : Behaviour
    {
        public void Invoke(string methodName, float time) { }
    }

    public class AsyncOperation
    {
        private Action<AsyncOperation> _completed;
        public bool isDone { get; protected set; }

        /// <summary>As in Unity: a handler added after the operation completed is called at once.</summary>
        public event Action<AsyncOperation> completed
        {
            add { if (isDone) value(this); else _completed += value; }
            remove { _completed -= value; }
        }

        protected void Complete()
        {
            isDone = true;
            if (_completed != null) _completed(this);
        }
    }

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

// For the RealPlay sample's round server calls: a UnityWebRequest that really sends (synchronously, with
// HttpWebRequest), so the C# tests can play rounds against the sample round server.
namespace UnityEngine.Networking
{
    public class UploadHandler { internal byte[] Data; }

    public sealed class UploadHandlerRaw : UploadHandler
    {
        public UploadHandlerRaw(byte[] data) { Data = data; }
    }

    public class DownloadHandler
    {
        internal byte[] Data = new byte[0];
        public string text { get { return System.Text.Encoding.UTF8.GetString(Data); } }
    }

    public sealed class DownloadHandlerBuffer : DownloadHandler { }

    public sealed class UnityWebRequestAsyncOperation : AsyncOperation
    {
        internal void Done() { Complete(); }
    }

    public sealed class UnityWebRequest : IDisposable
    {
        public enum Result { InProgress, Success, ConnectionError, ProtocolError, DataProcessingError }

        private readonly string _url;
        private readonly string _method;
        private readonly System.Collections.Generic.Dictionary<string, string> _headers =
            new System.Collections.Generic.Dictionary<string, string>();

        public UnityWebRequest(string url, string method) { _url = url; _method = method; }

        public UploadHandler uploadHandler { get; set; }
        public DownloadHandler downloadHandler { get; set; }
        public int timeout { get; set; }
        public long responseCode { get; private set; }
        public string error { get; private set; }
        public Result result { get; private set; }

        public void SetRequestHeader(string name, string value) { _headers[name] = value; }

        public UnityWebRequestAsyncOperation SendWebRequest()
        {
            var operation = new UnityWebRequestAsyncOperation();
            var request = (System.Net.HttpWebRequest)System.Net.WebRequest.Create(_url);
            request.Method = _method;
            if (timeout > 0) request.Timeout = timeout * 1000;
            foreach (var header in _headers)
                if (header.Key.ToLowerInvariant() == "content-type") request.ContentType = header.Value;
                else request.Headers[header.Key] = header.Value;
            System.Net.HttpWebResponse response = null;
            try
            {
                if (uploadHandler != null)
                    using (var body = request.GetRequestStream()) body.Write(uploadHandler.Data, 0, uploadHandler.Data.Length);
                response = (System.Net.HttpWebResponse)request.GetResponse();
                result = Result.Success;
            }
            catch (System.Net.WebException e)
            {
                response = e.Response as System.Net.HttpWebResponse;
                result = response != null ? Result.ProtocolError : Result.ConnectionError;
                error = response != null ? "HTTP/1.1 " + (int)response.StatusCode : e.Message;
            }
            if (response != null)
            {
                responseCode = (long)response.StatusCode;
                using (var stream = response.GetResponseStream())
                using (var copy = new System.IO.MemoryStream())
                {
                    stream.CopyTo(copy);
                    if (downloadHandler != null) downloadHandler.Data = copy.ToArray();
                }
                response.Close();
            }
            operation.Done();
            return operation;
        }

        public void Dispose() { }
    }
}
