// Starts the Emscripten module as Unity's loader starts its framework. The test waits for window.unityModule and
// reads what reached the native side from window.unityMessages (filled by harness.c).
window.unityMessages = [];
window.unityStarted = unityFramework({}).then((module) => {
  window.unityModule = module;
});
