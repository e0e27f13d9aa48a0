// Stands in for Unity's loader on the test page: `window.unityInstance` as a Unity 2020+ template sets it, whose
// SendMessage records what would reach the game's C# (GameObject, method, JSON text) instead of calling into wasm.
window.unityMessages = [];
window.unityInstance = {
  SendMessage(gameObject, method, value) {
    window.unityMessages.push({ gameObject, method, value });
  },
};
