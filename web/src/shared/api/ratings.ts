/** The 好差评 API (public rating, window device; staff lists, rectification, satisfaction). Shapes are in `@common/ratings-dto`. */
import type {
  MyRatingsPage, RateBody, RaterContact, RatingInvitationView, RatingListQuery, RatingRow, RectificationActionBodies, RectificationDetail,
  RectificationListQuery, RectificationRow, SatisfactionReport, WindowRatingView,
} from '@common/ratings-dto';
import type { RectificationAction, SatisfactionDimension } from '@common/ratings';
import type { Page } from '@common/dto';
import { http } from './http';

export type {
  MyRatingsPage, RatingInvitationView, RatingRow, RectificationDetail, RectificationRow, SatisfactionReport, WindowRatingView,
};

export const ratingsPublicApi = {
  invitation: (token: string) => http.get<RatingInvitationView>(`/api/public/ratings/${encodeURIComponent(token)}`, undefined, { redirectOn401: false }),
  rate: (body: RateBody) => http.post<RatingInvitationView>('/api/public/ratings', body, { redirectOn401: false }),
  forWindow: (windowId: number) => http.get<WindowRatingView>(`/api/public/ratings/window/${windowId}`, undefined, { redirectOn401: false }),
};

export const ratingsApi = {
  list: (q: RatingListQuery) => http.get<Page<RatingRow>>('/api/ratings', { ...q }),
  mine: (q: { from?: string; to?: string; page?: number; pageSize?: number }) => http.get<MyRatingsPage>('/api/ratings/mine', { ...q }),
  rectifications: (q: RectificationListQuery) => http.get<Page<RectificationRow>>('/api/ratings/rectifications', { ...q }),
  rectification: (id: number) => http.get<RectificationDetail>(`/api/ratings/rectifications/${id}`),
  act: <A extends RectificationAction>(id: number, action: A, body: RectificationActionBodies[A]) =>
    http.post<RectificationDetail>(`/api/ratings/rectifications/${id}/actions/${action}`, body),
  rater: (id: number) => http.post<RaterContact>(`/api/ratings/rectifications/${id}/rater`, {}),
  satisfaction: (q: { month: string; dimension: SatisfactionDimension; siteId?: number }) => http.get<SatisfactionReport>('/api/ratings/satisfaction', { ...q }),
};
