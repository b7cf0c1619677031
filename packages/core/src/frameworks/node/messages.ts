import type { IncomingMessage, ServerResponse } from 'node:http';
import { openMessages } from '../../contrib/messages/open.js';
import { failureResponse } from '../../http/failure.js';
import { nodeIsSecure } from '../../http/request-secure.js';
import { holdSessionResponse } from './session.js';
import { holdResponse } from './hold.js';
import type { SessionData } from '../../engine/types.js';
import { type LoggerOption, resolveLogger } from '../../logger.js';
import type { Session } from '../../session/session.js';
import type { Messages } from '../../contrib/messages/messages.js';
import type { RequestMessages } from '../../contrib/messages/request-messages.js';


type Next = (error?: unknown) => void;

/**
 * Express/Connect middleware, installed after the session middleware: `req.messages`.
 * It holds the response like the session middleware does and stores the messages first,
 * so an overflow written to the session is part of the session's commit.
 */
export function expressMessages(
  messages: Messages,
  options: { logger?: LoggerOption } = {},
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  const logger = resolveLogger(options.logger);
  return (req, res, next) => {
    const session = (req as { session?: Session<SessionData> }).session;
    const flash = openMessages(messages, req.headers.cookie, session, nodeIsSecure(req));
    (req as IncomingMessage & { messages: RequestMessages }).messages = flash;
    holdSessionResponse(req);
    holdResponse(res, {
      beforeHeaders: async () => {
        const { setCookie } = await flash.update();
        if (setCookie !== null) res.appendHeader('Set-Cookie', setCookie);
      },
      onFailure: (error) => failureResponse(error, logger),
    });
    next();
  };
}
