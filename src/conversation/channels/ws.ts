/**
 * The `ws` package, as botbuilder-adapter-web ships it. qihu does not depend on `ws` directly; the
 * web adapter does, so the websocket server (and the tests' client) use the very module the adapter
 * was built and tested with. Types come from @types/ws.
 */
import { createRequire } from 'node:module';
import type WebSocketModule from 'ws';

const fromAdapter = createRequire(require.resolve('botbuilder-adapter-web'));

/** The WebSocket class (client) with `WebSocket.Server`. */
export const WebSocket = fromAdapter('ws') as typeof WebSocketModule;
export type WebSocket = WebSocketModule;
export type WebSocketServer = WebSocketModule.Server;
/** What a 'message' event delivers. */
export type WebSocketData = WebSocketModule.Data;
