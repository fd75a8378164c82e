/** 好差评 HTTP routes (staff under /api/ratings, public under /api/public/ratings). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Services } from '../../services.js';

export const ratingRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (_app, _opts) => {};
