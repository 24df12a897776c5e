/** @jsxImportSource hono/jsx */
import { Notice, Page } from './layout.tsx';

/**
 * Signing in: one field, the API key, posted with the form's CSRF token. The key goes to the
 * server once and is never kept in the browser: the session remembers the key's name only.
 */

export interface SignInProps {
  csrf: string;
  tz: string;
  /** Where to go once signed in (a console path). */
  next: string;
  message?: 'expired' | 'signed-out' | 'wrong-key' | 'throttled' | 'form-expired' | undefined;
  retryAfterSeconds?: number | undefined;
}

const messages = {
  expired: { tone: 'warn', text: 'Your session ended after a while without use. Sign in again.' },
  'signed-out': { tone: 'good', text: 'You are signed out.' },
  'wrong-key': { tone: 'bad', text: 'That is not a valid API key.' },
  throttled: { tone: 'bad', text: 'Too many wrong keys came from your address.' },
  'form-expired': { tone: 'bad', text: 'The form was too old to accept. Enter your key again.' },
} as const;

export function SignInPage({ csrf, tz, next, message, retryAfterSeconds }: SignInProps) {
  const shown = message ? messages[message] : undefined;
  const invalid = message === 'wrong-key';
  return (
    <Page title="Sign in" tz={tz}>
      <h1>Sign in to the console</h1>
      {shown ? (
        <Notice tone={shown.tone}>
          <p>
            {shown.text}
            {message === 'throttled' && retryAfterSeconds ? ` Try again in ${retryAfterSeconds} s.` : ''}
          </p>
        </Notice>
      ) : null}
      <p>
        Use an API key that may read. The key is checked once; your browser keeps only a session that names the key,
        never the key itself.
      </p>
      <form method="post" action="/console/sign-in" class="card">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="key">API key</label>
          <input
            id="key"
            name="key"
            type="password"
            autocomplete="current-password"
            required
            maxlength={512}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={invalid ? 'key-error' : undefined}
          />
          {invalid ? (
            <p id="key-error" class="field-error">
              Check the key and try again.
            </p>
          ) : null}
        </div>
        <button type="submit">Sign in</button>
      </form>
    </Page>
  );
}
