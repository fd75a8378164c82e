/** The 好差评 API (public rating, window device; staff lists, rectification, satisfaction). */
import type { SatisfactionFigures } from '@common/ratings';
import { anonymousClient, client, data, type ApiAnswer, type ApiBody, type ApiQuery } from './http';
import type { paths } from './openapi.gen';

/**
 * The document gives `levels` (the count per rating level) as an array of exactly 5 (ratings.schemas.ts: minItems /
 * maxItems; OpenAPI 3.0 has no tuples), which openapi-typescript writes as number[]; the web reads it as what those
 * bounds say, a 5-tuple. A rating's `level` comes typed 1–5 from the document itself. Nothing else is re-declared.
 */
export type WithRatingLevels<T> = T extends readonly (infer E)[]
  ? WithRatingLevels<E>[]
  : T extends object
    ? { [K in keyof T]: K extends 'levels' ? SatisfactionFigures['levels'] : WithRatingLevels<T[K]> }
    : T;
const levels = <T>(answer: Promise<T>) => answer as Promise<WithRatingLevels<T>>;

export type RatingInvitationView = WithRatingLevels<ApiAnswer<'/api/public/ratings/{token}'>>;
export type WindowRatingView = WithRatingLevels<ApiAnswer<'/api/public/ratings/window/{windowId}'>>;
export type RatingRow = WithRatingLevels<ApiAnswer<'/api/ratings'>['items'][number]>;
export type MyRatingsPage = WithRatingLevels<ApiAnswer<'/api/ratings/mine'>>;
export type RectificationRow = WithRatingLevels<ApiAnswer<'/api/ratings/rectifications'>['items'][number]>;
export type RectificationDetail = WithRatingLevels<ApiAnswer<'/api/ratings/rectifications/{id}'>>;
export type RaterContact = ApiAnswer<'/api/ratings/rectifications/{id}/rater', 'post'>;
export type SatisfactionReport = WithRatingLevels<ApiAnswer<'/api/ratings/satisfaction'>>;
export type SatisfactionRow = SatisfactionReport['rows'][number];

type RectificationActionPath = Extract<keyof paths, `/api/ratings/rectifications/{id}/actions/${string}`>;
export type RectificationActionName = RectificationActionPath extends `/api/ratings/rectifications/{id}/actions/${infer A}` ? A : never;
export type RectificationActionBodies = { [A in RectificationActionName]: ApiBody<`/api/ratings/rectifications/{id}/actions/${A}`> };

export const ratingsPublicApi = {
  invitation: (token: string) => levels(data(anonymousClient.GET('/api/public/ratings/{token}', { params: { path: { token } } }))),
  rate: (body: ApiBody<'/api/public/ratings'>) => levels(data(anonymousClient.POST('/api/public/ratings', { body }))),
  forWindow: (windowId: number) =>
    levels(data(anonymousClient.GET('/api/public/ratings/window/{windowId}', { params: { path: { windowId } } }))),
};

export const ratingsApi = {
  list: (query: ApiQuery<'/api/ratings'>) => levels(data(client.GET('/api/ratings', { params: { query } }))),
  mine: (query: ApiQuery<'/api/ratings/mine'>) => levels(data(client.GET('/api/ratings/mine', { params: { query } }))),
  rectifications: (query: ApiQuery<'/api/ratings/rectifications'>) =>
    levels(data(client.GET('/api/ratings/rectifications', { params: { query } }))),
  rectification: (id: number) => levels(data(client.GET('/api/ratings/rectifications/{id}', { params: { path: { id } } }))),
  act: <A extends RectificationActionName>(id: number, action: A, body: RectificationActionBodies[A]) =>
    levels(data(client.POST(`/api/ratings/rectifications/{id}/actions/${action}` as RectificationActionPath, { params: { path: { id } }, body }))),
  rater: (id: number) => data(client.POST('/api/ratings/rectifications/{id}/rater', { params: { path: { id } } })),
  satisfaction: (query: ApiQuery<'/api/ratings/satisfaction'>) =>
    levels(data(client.GET('/api/ratings/satisfaction', { params: { query } }))),
};
