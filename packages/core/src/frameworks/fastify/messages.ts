import type { IncomingHttpHeaders } from 'node:http';
import { openMessages } from '../../contrib/messages/open.js';
import type { SessionData } from '../../engine/types.js';
import { ConfigError } from '../../errors.js';
import type { Session } from '../../session/session.js';
import { asFastifyPlugin } from './plugin.js';
import type { Messages } from '../../contrib/messages/messages.js';
import type { RequestMessages } from '../../contrib/messages/request-messages.js';

export interface FastifyMessagesRequest {
  readonly headers: IncomingHttpHeaders;
  /** 'https' honours `trustProxy`: sets Secure under `cookie.secure: 'auto'`. */
  readonly protocol?: string;
  session?: Session<SessionData> | null;
  messages?: RequestMessages | null;
}

export interface FastifyMessagesReply {
  header(name: string, value: string): unknown;
}

export interface FastifyMessagesInstance {
  decorateRequest(name: 'messages', value: null): unknown;
  addHook(name: 'onRequest' | 'preHandler', hook: (request: FastifyMessagesRequest) => Promise<void>): unknown;
  addHook(
    name: 'onSend',
    hook: (request: FastifyMessagesRequest, reply: FastifyMessagesReply, payload: unknown) => Promise<unknown>,
  ): unknown;
}

/**
 * `app.register(fastifyMessages, { messages })` **before** the session plugin: Fastify runs
 * `onSend` hooks in registration order, and the messages must be stored before the session
 * commits. `request.messages` is ready from `preHandler` on.
 */
async function messagesPlugin(instance: FastifyMessagesInstance, options: { messages: Messages }): Promise<void> {
  const { messages } = options;
  const opened = new WeakMap<FastifyMessagesRequest, RequestMessages>();
  instance.decorateRequest('messages', null);
  instance.addHook('onRequest', async (request) => {
    // A session already open here means its plugin came first and would commit before us.
    if (request.session && messages.storage !== 'cookie') {
      throw new ConfigError(
        'register fastifyMessages before the session plugin, so messages are stored before the commit',
      );
    }
  });
  instance.addHook('preHandler', async (request) => {
    const flash = openMessages(
      messages,
      request.headers.cookie,
      request.session ?? undefined,
      request.protocol === 'https',
    );
    request.messages = flash;
    opened.set(request, flash);
  });
  instance.addHook('onSend', async (request, reply, payload) => {
    const flash = opened.get(request);
    if (flash === undefined) return payload;
    opened.delete(request);
    const { setCookie } = await flash.update();
    if (setCookie !== null) reply.header('set-cookie', setCookie);
    return payload;
  });
}


export const fastifyMessages: (instance: FastifyMessagesInstance, options: { messages: Messages }) => Promise<void> = asFastifyPlugin(
  messagesPlugin,
  '@sessionkit/core/messages',
);
