// plyr-kit Unity WebGL bridge: the C# side (PlyrKit.cs) calls these two functions; they hand the strings to
// window.PlyrKit, which the page gets from plyr-kit.unity.umd.js (a <script> tag of the WebGL template).
// Answers come back later through Unity's SendMessage (OnPlyrResponse / OnPlyrEvent), never during these calls.
// Names outside this file are written with brackets so that Closure Compiler (used by some Unity builds) keeps
// them.
// Memory: the string arguments belong to the caller (the IL2CPP marshaller frees them) and are only read with
// UTF8ToString; nothing is allocated here and both functions return plain numbers.
mergeInto(LibraryManager.library, {
  // Returns 1 when the client was created, 0 when the configuration was refused (the reason then arrives as an
  // error event and as the error of every later call), -1 when plyr-kit.unity.umd.js is not on the page.
  PlyrKit_Init: function (configJson, gameObjectName) {
    var config = UTF8ToString(configJson);
    var name = UTF8ToString(gameObjectName);
    if (typeof window === 'undefined' || !window['PlyrKit']) {
      console.error('PlyrKit: window.PlyrKit is missing: load plyr-kit.unity.umd.js in your WebGL template');
      return -1;
    }
    // Unity's own SendMessage of this module (Unity 2020+ defines it in the framework scope; older builds have
    // Module.SendMessage). Without it, the bridge falls back to window.unityInstance.
    var send = typeof SendMessage === 'function' ? SendMessage
      : typeof Module !== 'undefined' && Module && typeof Module['SendMessage'] === 'function' ? Module['SendMessage']
      : undefined;
    try {
      return window['PlyrKit']['init'](config, name, send) ? 1 : 0;
    } catch (e) {
      console.error('PlyrKit: init failed', e);
      return 0;
    }
  },

  // Returns 1 when the call was handed over (its answer will arrive), -1 when plyr-kit.unity.umd.js is missing.
  PlyrKit_Call: function (requestId, method, argsJson) {
    var id = UTF8ToString(requestId);
    var name = UTF8ToString(method);
    var args = UTF8ToString(argsJson);
    if (typeof window === 'undefined' || !window['PlyrKit']) {
      console.error('PlyrKit: window.PlyrKit is missing: load plyr-kit.unity.umd.js in your WebGL template');
      return -1;
    }
    var send = typeof SendMessage === 'function' ? SendMessage
      : typeof Module !== 'undefined' && Module && typeof Module['SendMessage'] === 'function' ? Module['SendMessage']
      : undefined;
    try {
      window['PlyrKit']['call'](id, name, args, send);
      return 1;
    } catch (e) {
      console.error('PlyrKit: call failed', e);
      return -1;
    }
  },
});
