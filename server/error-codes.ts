/**
 * The modules' error codes, registered with the platform's catalog when the application is composed (the
 * platform imports no module). A module with codes of its own adds its `*.errors.ts` here.
 */
import { APPLICANT_ERRORS } from './modules/applicants/applicants.errors.js';
import { AUDIT_ERRORS } from './modules/audit/audit.errors.js';
import { AUTH_ERRORS } from './modules/auth/auth.errors.js';
import { CASE_ERRORS } from './modules/cases/cases.errors.js';
import { FILE_ERRORS } from './modules/files/files.errors.js';
import { LICENSE_ERRORS } from './modules/licenses/licenses.errors.js';
import { ONLINE_ERRORS } from './modules/online/online.errors.js';
import { RATING_ERRORS } from './modules/ratings/ratings.errors.js';
import { SUPERVISION_ERRORS } from './modules/supervision/supervision.errors.js';
import { registerErrors } from './platform/errors.js';

registerErrors({ ...APPLICANT_ERRORS, ...AUDIT_ERRORS, ...AUTH_ERRORS, ...CASE_ERRORS, ...FILE_ERRORS, ...LICENSE_ERRORS, ...ONLINE_ERRORS, ...RATING_ERRORS, ...SUPERVISION_ERRORS });
