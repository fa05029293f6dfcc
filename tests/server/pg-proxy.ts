import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between server instances and PostgreSQL, so a test can take the database away and
 * bring it back as a restart or a network cut does (every connection dropped, new ones refused
 * for a while) without touching the PostgreSQL that other test files share.
 */
export class PgProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<PgProxy> {
    const proxy = new PgProxy(target, 0);
    await proxy.listen();
    return proxy;
  }

  /** The URL with its host and port replaced by the relay's. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        const address = server.address();
        if (address !== null && typeof address === 'object') this.port = address.port;
        resolve();
      });
    });
  }

  /** Cut every connection and refuse new ones until `back()`. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    );
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Accept connections again, on the same port. */
  async back(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
