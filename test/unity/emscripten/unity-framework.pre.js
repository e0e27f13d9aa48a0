// Unity's framework-side SendMessage, as the WebGL framework defines it: a function in the scope that the .jslib
// plugins are merged into, which marshals its strings to UTF-8 and calls the native receiver. It is also published
// as Module.SendMessage (which unityInstance.SendMessage calls). Names are quoted where Closure must keep them.
function SendMessage(gameObject, func, param) {
  // biome-ignore lint/complexity/useLiteralKeys: written Module.ccall, a Closure build renames it and loses every answer
  var ccall = Module['ccall'];
  if (param === undefined) ccall('SendMessage', null, ['string', 'string'], [gameObject, func]);
  else if (typeof param === 'string')
    ccall('SendMessageString', null, ['string', 'string', 'string'], [gameObject, func, param]);
  else if (typeof param === 'number')
    ccall('SendMessageFloat', null, ['string', 'string', 'number'], [gameObject, func, param]);
  else throw `${param} is does not have a type which is supported by SendMessage.`;
}
// biome-ignore lint/complexity/useLiteralKeys: the name the page calls, kept by Closure
Module['SendMessage'] = SendMessage;
