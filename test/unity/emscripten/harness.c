// A stand-in for a Unity WebGL player's native side, compiled with Emscripten and linked with PlyrKit.jslib:
// - the bridge's entry points declared and called as IL2CPP does for PlyrKit.cs's [DllImport("__Internal")]
//   externs (each C# string marshalled to a fresh UTF-8 buffer that is freed right after the call);
// - Unity's native receivers of SendMessage (SendMessageString, ...), which hand each message to the test page.
#include <emscripten.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// What IL2CPP generates for `[DllImport("__Internal")] static extern int PlyrKit_Init(string, string)` etc.
extern int32_t PlyrKit_Init(char* configJson, char* gameObjectName);
extern int32_t PlyrKit_Call(char* requestId, char* method, char* argsJson);

// il2cpp_codegen_marshal_string: a copy of the string as UTF-8 on the heap, owned by the caller.
static char* marshal_string(const char* text) {
  size_t size = strlen(text) + 1;
  char* copy = (char*)malloc(size);
  memcpy(copy, text, size);
  return copy;
}

// il2cpp_codegen_marshal_free, with the bytes overwritten first: a plugin that kept the pointer and read it after
// the call returned would read garbage (0xFF is never valid UTF-8), not the old text.
static void marshal_free(char* copy) {
  memset(copy, 0xFF, strlen(copy));
  free(copy);
}

EMSCRIPTEN_KEEPALIVE int32_t harness_init(const char* configJson, const char* gameObjectName) {
  char* config = marshal_string(configJson);
  char* name = marshal_string(gameObjectName);
  int32_t status = PlyrKit_Init(config, name);
  marshal_free(config);
  marshal_free(name);
  return status;
}

EMSCRIPTEN_KEEPALIVE int32_t harness_call(const char* requestId, const char* method, const char* argsJson) {
  char* id = marshal_string(requestId);
  char* name = marshal_string(method);
  char* args = marshal_string(argsJson);
  int32_t status = PlyrKit_Call(id, name, args);
  marshal_free(id);
  marshal_free(name);
  marshal_free(args);
  return status;
}

// `count` calls in one go, as a C# loop in one frame makes them (none is answered before all were made). Request
// ids are `<prefix><i>`; call i uses line (i mod n) of `plan`, n (at most 64) lines of "method<TAB>argsJson".
// Returns how many calls the plugin accepted (answered 1).
EMSCRIPTEN_KEEPALIVE int32_t harness_call_many(int32_t count, const char* prefix, const char* plan) {
  int32_t lines = 0;
  const char* starts[64];
  size_t lengths[64];
  for (const char* p = plan; *p && lines < 64;) {
    const char* end = strchr(p, '\n');
    if (!end) end = p + strlen(p);
    starts[lines] = p;
    lengths[lines] = (size_t)(end - p);
    lines++;
    p = *end ? end + 1 : end;
  }
  if (lines == 0) return 0;
  int32_t accepted = 0;
  char id[96];
  char line[4096];
  for (int32_t i = 0; i < count; i++) {
    size_t length = lengths[i % lines];
    if (length >= sizeof line) return -1;
    memcpy(line, starts[i % lines], length);
    line[length] = 0;
    char* tab = strchr(line, '\t');
    const char* args = "";
    if (tab) {
      *tab = 0;
      args = tab + 1;
    }
    snprintf(id, sizeof id, "%s%d", prefix, (int)i);
    if (harness_call(id, line, args) == 1) accepted++;
  }
  return accepted;
}

// The page's record of what reached "C#" (the text decoded again from the UTF-8 that Unity delivered, and that
// UTF-8's length in bytes). value is NULL for SendMessage without a parameter.
EM_JS(void, harness_received, (const char* gameObject, const char* method, const char* value, int32_t bytes), {
  var messages = window['unityMessages'] || (window['unityMessages'] = []);
  messages.push({
    'gameObject': UTF8ToString(gameObject),
    'method': UTF8ToString(method),
    'value': value ? UTF8ToString(value) : null,
    'bytes': bytes
  });
});

// Unity's native receivers, which its framework's JavaScript SendMessage calls through ccall.
EMSCRIPTEN_KEEPALIVE void SendMessageString(const char* gameObject, const char* method, const char* value) {
  harness_received(gameObject, method, value, (int32_t)strlen(value));
}

EMSCRIPTEN_KEEPALIVE void SendMessage(const char* gameObject, const char* method) {
  harness_received(gameObject, method, NULL, -1);
}

EMSCRIPTEN_KEEPALIVE void SendMessageFloat(const char* gameObject, const char* method, double value) {
  char text[64];
  snprintf(text, sizeof text, "float:%g", value);
  harness_received(gameObject, method, text, -2);
}
