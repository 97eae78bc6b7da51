/**
 * The tests' CONNECT proxy is the lab's (src/lab/connect-proxy.ts): loopback only by default, recording each request
 * head, tunnelling or answering as the route says.
 */
export {
  answerConnect,
  loopbackOnly,
  startConnectProxy as connectProxy,
  type ConnectProxy,
  type ConnectRoute,
} from '../../src/lab/connect-proxy.js';
