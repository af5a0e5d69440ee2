import type { Actor } from '../auth/actor.ts';
import { tokenMatcher } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import { ActionError } from '../errors.ts';

/**
 * Who runs the command, per the config's identity section: in `local` mode the configured local
 * user (by default the OS user at this host); in `token` mode the owner of RUNSHEET_TOKEN. `proxy`
 * mode identifies people at the proxy, which a terminal does not pass through: refused.
 */
export function cliActor({ identity, cli }: Pick<Config, 'identity' | 'cli'>): Actor {
  if (identity.mode === 'local') return { id: identity.localUser, groups: [] };
  if (identity.mode === 'token') {
    if (!cli.token) {
      throw new ActionError('unauthenticated', 'This Runsheet identifies people by token.', {
        hint: 'Set RUNSHEET_TOKEN to yours in the shell (an admin gives you one).',
      });
    }
    const actor = tokenMatcher(identity.tokens)(cli.token);
    if (!actor) {
      throw new ActionError('unauthenticated', 'RUNSHEET_TOKEN is not a valid token here.', {
        hint: 'Check it was copied whole, or ask an admin for a token.',
      });
    }
    return actor;
  }
  throw new ActionError(
    'unauthenticated',
    'This Runsheet identifies people through its authenticating proxy, which the command line does not pass through.',
    {
      hint: 'Run the step from its runbook page, or ask an admin to switch to identity mode "token" and give you a token.',
    },
  );
}
