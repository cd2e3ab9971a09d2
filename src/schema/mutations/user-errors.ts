// User errors of a mutation: returned in its payload (not as GraphQL errors),
// each with the path of the input it is about and a message, as the CLI
// reports a knowledge file's problems. Authentication, limits and the
// unexpected stay GraphQL errors.
import { builder } from '../builder.ts';

export type UserErrorCode = 'INVALID' | 'CONFLICT' | 'NOT_FOUND';

export interface UserError {
  code: UserErrorCode;
  /** Where in the input: a knowledge file's path ("entities[3].kind"), or an input field ("reason"). */
  path: string;
  message: string;
}

const UserErrorCodeEnum = builder.enumType('UserErrorCode', {
  description: 'What kind of problem a mutation found with its input.',
  values: {
    INVALID: { description: 'The input breaks a rule of the format, a kind or an ownership; fix it at `path`.' },
    CONFLICT: { description: 'Another write to the same source was under way, or the source changed since the version given: fetch it again and retry.' },
    NOT_FOUND: { description: 'The ID names nothing this mutation can change.' },
  } as const,
});

export const UserErrorType = builder.objectRef<UserError>('UserError').implement({
  description: 'A problem with a mutation\'s input. Nothing was written when a payload has any.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, resolve: (e) => e.code, description: 'What kind of problem.' }),
    path: t.exposeString('path', { description: 'Where in the input, e.g. `entities[3].kind` of a knowledge file; empty for the whole input.' }),
    message: t.exposeString('message', { description: 'What is wrong and how to fix it.' }),
  }),
});

export const userErrorsField = {
  type: [UserErrorType] as [typeof UserErrorType],
  description: 'Problems with the input; empty when the mutation succeeded. Nothing is written when there are any.',
};
