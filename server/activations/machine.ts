import { type OptionId, offeredOptions, offersOption, type ScenarioId } from '../../emails/_domain/activation.ts';
import { type ActivationState, activationStates } from '../store/schema.ts';

/**
 * The activation's states and the rules of the guide that move between them, as one pure
 * function: no clock, no store, no HTTP. The routes ask it what a request does to an
 * activation, then carry the answer out; every refusal here is a problem the caller gets.
 */

export { type ActivationState, activationStates };

export interface ActivationSnapshot {
  state: ActivationState;
  scenario: ScenarioId;
  choice?: { option: OptionId } | undefined;
}

export type ActivationCommand =
  | { type: 'choose'; option: OptionId }
  | { type: 'provision' }
  | { type: 'change-contacts' }
  | { type: 'resend' }
  | { type: 'cancel' };

export type Refusal =
  /** The scenario does not offer this option (422). */
  | 'not-offered'
  /** Another option was chosen already: the choice is one-time and irreversible (409). */
  | 'choice-already-made'
  /** Provisioning comes after a choice (409). */
  | 'choice-required'
  /** The activation email offers a choice that was already made (409). */
  | 'already-chosen'
  /** Nothing happens to a canceled activation any more (409). */
  | 'canceled';

export type Outcome =
  /** The command applies: the activation enters `to` (possibly the state it is in). */
  | { kind: 'moved'; from: ActivationState; to: ActivationState }
  /** Asked again what was already done: answered as done, nothing changes, nothing is sent. */
  | { kind: 'unchanged' }
  | { kind: 'refused'; reason: Refusal };

const moved = (from: ActivationState, to: ActivationState): Outcome => ({ kind: 'moved', from, to });
const refused = (reason: Refusal): Outcome => ({ kind: 'refused', reason });

export function transition(activation: ActivationSnapshot, command: ActivationCommand): Outcome {
  const { state } = activation;
  if (state === 'canceled') return command.type === 'cancel' ? { kind: 'unchanged' } : refused('canceled');
  switch (command.type) {
    case 'choose':
      if (!offersOption(activation.scenario, command.option)) return refused('not-offered');
      if (activation.choice) {
        return activation.choice.option === command.option ? { kind: 'unchanged' } : refused('choice-already-made');
      }
      return moved(state, 'chosen');
    case 'provision':
      // Each call is more services provisioned: one confirmation each.
      return activation.choice ? moved(state, 'provisioned') : refused('choice-required');
    case 'change-contacts':
      return moved(state, state);
    case 'resend':
      return activation.choice ? refused('already-chosen') : moved(state, state);
    case 'cancel':
      return moved(state, 'canceled');
  }
}

/** The refusal in the caller's words. */
export function refusalDetail(reason: Refusal, activation: ActivationSnapshot, command: ActivationCommand): string {
  switch (reason) {
    case 'not-offered':
      return `Scenario "${activation.scenario}" offers ${offeredOptions(activation.scenario).join(' and ')} only${
        command.type === 'choose' ? `, not ${command.option}` : ''
      }.`;
    case 'choice-already-made':
      return `The choice is one-time and irreversible: ${activation.choice?.option} was already chosen.`;
    case 'choice-required':
      return 'Services are provisioned after the customer chooses an option; record the choice first.';
    case 'already-chosen':
      return `The activation email offers a choice that was already made (${activation.choice?.option}); there is nothing to resend.`;
    case 'canceled':
      return 'The activation is canceled; start a new one for the enrollment.';
  }
}
