/**
 * Route matching as @koa/router 12 does it for the platform: case-insensitive, an optional trailing slash,
 * `:param` = one non-empty segment (percent-decoded), GET routes also answer HEAD, and `allowedMethods()` answers
 * 405 (path known, method not), 200 to a plain OPTIONS, and 501 to methods the router does not implement.
 */
import type { Route } from './context.js';

/** Methods @koa/router implements; anything else gets 501. */
export const IMPLEMENTED_METHODS = ['HEAD', 'OPTIONS', 'GET', 'PUT', 'PATCH', 'POST', 'DELETE'];

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** The result of matching a request. */
export interface RouteMatch {
  /** The route for this method and path, if any. */
  route?: Route;
  params: Record<string, string>;
  /** Methods of every route whose path matched (for the `Allow` header), in route order. */
  allowed: string[];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return escapeRe(segment);
      names.push(segment.slice(1));
      return '([^/#?]+?)';
    })
    .join('/');
  return { route, names, regex: new RegExp(`^${source}[/#?]?$`, 'i') };
}

/** A fixed table of routes. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.#routes = routes.map(compile);
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    let found: RouteMatch['route'];
    let params: Record<string, string> = {};
    for (const { route, regex, names } of this.#routes) {
      const m = regex.exec(path);
      if (!m) continue;
      const methods = route.method === 'GET' ? ['HEAD', 'GET'] : [route.method];
      for (const verb of methods) if (!allowed.includes(verb)) allowed.push(verb);
      if (!found && methods.includes(method)) {
        found = route;
        params = Object.fromEntries(names.map((name, i) => [name, safeDecode(m[i + 1]!)]));
      }
    }
    return found ? { route: found, params, allowed } : { params, allowed };
  }
}
