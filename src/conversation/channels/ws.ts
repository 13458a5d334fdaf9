/**
 * The `ws` package, for the websocket server (web-adapter.ts) and the tests' client: one import
 * place, so the module and its types (@types/ws) stay together.
 */
import WebSocketModule from 'ws';

/** The WebSocket class (client) with `WebSocket.Server`. */
export const WebSocket = WebSocketModule;
export type WebSocket = WebSocketModule;
export type WebSocketServer = WebSocketModule.Server;
/** What a 'message' event delivers. */
export type WebSocketData = WebSocketModule.RawData;
