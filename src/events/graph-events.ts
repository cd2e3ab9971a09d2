// Changes of the graph, announced to `graphChanged` subscribers
// (src/schema/graph-changes.ts) through Yoga's pub/sub: across every instance
// through Redis (@graphql-yoga/redis-event-target) when REDIS_URL is set, else
// within this process only.
//
// Who announces: the committer, after its commit (a mutation: the plugin
// below; the CLI: src/ingest/cli.ts, through Redis only), with the source it
// changed. A write nobody announced (psql; the CLI without Redis; a mutation
// on another worker of WEB_CONCURRENCY without Redis) is found by comparing
// versions every TRADEGRAPH_GRAPH_VERSION_RESYNC_MS, and announced as
// DETECTED with no source.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { getOperationAST } from 'graphql';
import { createPubSub, type Plugin } from 'graphql-yoga';
import type pg from 'pg';
import type { Logger } from '../logger.ts';
import { readGraphVersion } from '../sql/graph-version.ts';
import type { RedisLink } from '../redis/link.ts';
import type { SharedGraphVersion } from '../redis/graph-version.ts';

export type GraphChangeOrigin = 'INGEST' | 'CURATION' | 'DETECTED';

export interface GraphChange {
  /** The graph's version after the change (graph_version), as a string. */
  version: string;
  /** The slug of the source that changed; null when the change was not one source's, or was detected. */
  sourceSlug: string | null;
  origin: GraphChangeOrigin;
}

/** What a mutation's resolver records once its transaction has committed (src/schema/mutations/context.ts). */
export type CommittedChange = Omit<GraphChange, 'version'>;

export interface GraphEvents {
  /** Every change from now on, until the iterator is returned (the client goes away). */
  subscribe(): AsyncIterable<GraphChange>;
  publish(change: GraphChange): void;
  /** Ends every open subscription (shutdown: their streams close, so draining does not wait for them). */
  endAll(): void;
}

/** Tracks the subscriptions `subscribe` opens, so that endAll() can end them. */
function endable(subscribe: () => AsyncIterable<GraphChange>, publish: (change: GraphChange) => void): GraphEvents {
  const open = new Set<AsyncIterator<GraphChange>>();
  return {
    subscribe() {
      const iterator = subscribe()[Symbol.asyncIterator]();
      open.add(iterator);
      const forget = <T>(step: Promise<IteratorResult<GraphChange, T>>) =>
        step.then((r) => {
          if (r.done) open.delete(iterator);
          return r;
        });
      return {
        [Symbol.asyncIterator]() {
          return {
            next: () => forget(iterator.next()),
            return: () => {
              open.delete(iterator);
              return iterator.return ? iterator.return() : Promise.resolve({ done: true as const, value: undefined });
            },
          };
        },
      };
    },
    publish,
    endAll() {
      for (const iterator of open) void iterator.return?.();
      open.clear();
    },
  };
}

/** Within this process only: subscribers hear the changes this process made or detected. */
export function localGraphEvents(): GraphEvents {
  const pubsub = createPubSub<{ graphChanged: [GraphChange] }>();
  return endable(() => pubsub.subscribe('graphChanged'), (change) => pubsub.publish('graphChanged', change));
}

/**
 * Across instances, through Redis: the event target's connections are wrapped
 * so that a publish or subscribe while Redis is unreachable is logged, never
 * an unhandled rejection; ioredis resubscribes after a reconnect.
 */
export function redisGraphEvents(link: RedisLink, log: Logger): GraphEvents {
  const channel = `${link.prefix}graph-changed`;
  const publishClient = {
    publish: (topic: string, message: string) =>
      link.command.publish(topic, message).catch((err: unknown) => log.debug({ err }, 'a graph change was not announced (redis unreachable)')),
  };
  const subscribeClient = {
    on: (event: string, listener: (...args: unknown[]) => void) => link.subscriber.on(event, listener),
    subscribe: (topic: string) => link.subscriber.subscribe(topic).catch((err: unknown) => log.warn({ err }, 'could not subscribe to graph changes')),
    unsubscribe: (topic: string) => link.subscriber.unsubscribe(topic).catch(() => undefined),
  };
  const eventTarget = createRedisEventTarget({
    publishClient: publishClient as never,
    subscribeClient: subscribeClient as never,
  });
  const pubsub = createPubSub<Record<string, [GraphChange]>>({ eventTarget: eventTarget as never });
  return endable(() => pubsub.subscribe(channel), (change) => pubsub.publish(channel, change));
}

export interface GraphChangePublisher {
  /** After a mutation's commit: moves the shared version forward and announces the changes its resolvers recorded. */
  committed(changes: readonly CommittedChange[]): Promise<void>;
  stop(): void;
}

export interface PublisherOptions {
  events: GraphEvents;
  /** The primary's pool: the version a commit left. */
  pool: Pick<pg.Pool, 'query'>;
  log: Logger;
  /** The shared version (with Redis); without it, this process polls for changes made elsewhere. */
  shared?: SharedGraphVersion;
  /** How often to poll without Redis; 0: never. */
  resyncMs: number;
  /** After a commit, before its answer leaves: the version it left (this process's cache must know it at once), or undefined when unread. */
  onCommitted?: (version: string | undefined) => void;
}

export function graphChangePublisher({ events, pool, log, shared, resyncMs, onCommitted }: PublisherOptions): GraphChangePublisher {
  let lastSeen: string | undefined;
  let publishFailing = false;
  const announce = (version: string, changes: readonly CommittedChange[]) => {
    for (const change of changes) events.publish({ version, ...change });
  };
  // Without Redis: announce versions this process did not write itself, found by polling PostgreSQL.
  const timer = shared || !resyncMs
    ? undefined
    : setInterval(() => {
        readGraphVersion(pool).then(
          (version) => {
            if (lastSeen !== undefined && version !== lastSeen) announce(version, [{ sourceSlug: null, origin: 'DETECTED' }]);
            lastSeen = version;
          },
          () => undefined,
        );
      }, resyncMs);
  timer?.unref();
  return {
    async committed(changes) {
      let version: string;
      try {
        if (shared) {
          version = (await shared.publish()).version;
        } else {
          version = await readGraphVersion(pool);
          lastSeen = version;
        }
        onCommitted?.(version);
        if (publishFailing) log.info('graph changes are published again');
        publishFailing = false;
      } catch (err) {
        // Committed all the same; the other instances' resync finds the version within resyncMs.
        if (!publishFailing) log.warn({ err, resyncMs }, 'could not publish the graph version after a commit; other instances will find it by resync');
        publishFailing = true;
        onCommitted?.(undefined);
        return;
      }
      announce(version, changes);
    },
    stop: () => timer && clearInterval(timer),
  };
}

declare module '../schema/builder.ts' {
  interface Context {
    /** Changes this request's mutations committed, announced once the operation is done. */
    graphChanges?: CommittedChange[];
    /** Where `graphChanged` subscribers listen. */
    graphEvents?: GraphEvents;
  }
}

/** After every mutation operation: publish what it committed before the answer leaves (so a client that saw it can rely on every instance). */
export function useGraphChangePublishing(publisher: GraphChangePublisher): Plugin {
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      const context = args.contextValue as { graphChanges?: CommittedChange[] };
      context.graphChanges = [];
      return {
        async onExecuteDone() {
          // Always: even with no change recorded, a commit may have moved the version (the version moves only forward).
          await publisher.committed(context.graphChanges ?? []);
        },
      };
    },
  };
}
