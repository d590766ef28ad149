/** Redis connections for BullMQ and for the queue's own streams and channels. */

import { createRequire } from 'node:module';
import { ConfigError } from '@agno/core';
import type { Redis } from 'ioredis';

/** ioredis, loaded on the first connection (importing it costs ~60 ms; BullMQ alone does not load it). */
let RedisClient: typeof Redis | undefined;

function redisClient(): typeof Redis {
  RedisClient ??= (createRequire(import.meta.url)('ioredis') as typeof import('ioredis')).Redis;
  return RedisClient;
}

/** A Redis URL (`redis://host:port/db`) or an ioredis client to copy settings from. */
export type RedisConnection = string | Redis;

/**
 * Opens a new client. BullMQ needs `maxRetriesPerRequest: null` on clients that block;
 * every client made here has it, so it may serve either use.
 */
export function openRedis(connection: RedisConnection): Redis {
  if (typeof connection !== 'string' && typeof connection?.duplicate !== 'function') {
    throw new ConfigError('connection must be a Redis URL or an ioredis client');
  }
  const client =
    typeof connection === 'string'
      ? new (redisClient())(connection, { maxRetriesPerRequest: null })
      : connection.duplicate({ maxRetriesPerRequest: null });
  // ioredis reconnects by itself and a command that cannot run rejects; without a listener,
  // each failed reconnection would also be printed as an unhandled error event.
  client.on('error', ignore);
  return client;
}

function ignore(): void {}
