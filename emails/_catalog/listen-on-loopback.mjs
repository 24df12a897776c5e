// Preloaded by `npm run email:dev`: React Email's preview server listens on every interface
// and has no host option; designers' drafts stay on this machine by binding servers that
// name no host to 127.0.0.1.
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  if (typeof args[0] === 'object' && args[0] !== null && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
