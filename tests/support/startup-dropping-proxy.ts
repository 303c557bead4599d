// A stand-in for a connection pooler such as Supabase's Supavisor, which opens its own server
// connections and passes on none of the client's startup parameters but the user, the database
// and the application name. Everything after the startup message is relayed unchanged.
import { connect, createServer, type Server, type Socket } from 'node:net';

const KEPT = new Set(['user', 'database', 'application_name', 'client_encoding']);
const SSL_REQUEST = 80877103;

/** The startup message with only the parameters a pooler passes on. */
function filterStartup(message: Buffer): Buffer {
	const fields = message.subarray(8).toString('utf8').split('\0');
	const kept: string[] = [];
	for (let i = 0; i + 1 < fields.length && fields[i]; i += 2)
		if (KEPT.has(fields[i])) kept.push(fields[i], fields[i + 1]);
	const body = Buffer.from(kept.join('\0') + '\0\0', 'utf8');
	const out = Buffer.alloc(8 + body.length);
	out.writeInt32BE(out.length, 0);
	out.writeInt32BE(message.readInt32BE(4), 4);
	body.copy(out, 8);
	return out;
}

export async function startStartupDroppingProxy(
	target: { host: string; port: number },
	seen: { startupParameters: string[][] } = { startupParameters: [] }
): Promise<{ port: number; seen: typeof seen; close(): Promise<void> }> {
	const sockets = new Set<Socket>();
	const server: Server = createServer((client) => {
		sockets.add(client);
		let pending = Buffer.alloc(0);
		const onData = (chunk: Buffer) => {
			pending = Buffer.concat([pending, chunk]);
			if (pending.length < 8 || pending.length < pending.readInt32BE(0)) return;
			const length = pending.readInt32BE(0);
			const message = pending.subarray(0, length);
			if (message.readInt32BE(4) === SSL_REQUEST) {
				client.write('N');
				pending = pending.subarray(length);
				return;
			}
			client.off('data', onData);
			seen.startupParameters.push(message.subarray(8).toString('utf8').split('\0'));
			const upstream = connect(target.port, target.host);
			sockets.add(upstream);
			upstream.write(filterStartup(message));
			upstream.write(pending.subarray(length));
			client.pipe(upstream);
			upstream.pipe(client);
			const end = () => (client.destroy(), upstream.destroy());
			client.on('error', end).on('close', end);
			upstream.on('error', end).on('close', end);
		};
		client.on('data', onData);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('proxy: no port');
	return {
		port: address.port,
		seen,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}
