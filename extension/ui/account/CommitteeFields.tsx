import { ATTITUDES, type Attitude, BUYING_ROLES, type BuyingRole } from '../../../shared/index.ts';
import { t } from '../../i18n/index.ts';

/**
 * A contact's place in the buying committee, as both the new-contact form and a contact's
 * editor show it, so the two cannot drift apart (tests find them by the same names).
 */

/** One checkbox per buying role, in the committee's canonical order. */
export function RoleCheckboxes(props: {
  roles: readonly BuyingRole[];
  onToggle: (role: BuyingRole, on: boolean) => void;
}) {
  return (
    <fieldset class="roles">
      <legend>{t('panel.contact.roles')}</legend>
      {BUYING_ROLES.map((role) => (
        <label key={role} class="role">
          <input
            type="checkbox"
            name="role"
            value={role}
            checked={props.roles.includes(role)}
            onChange={(e) => props.onToggle(role, e.currentTarget.checked)}
          />
          {t(`role.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** The contact's attitude to us; '' is "unknown". */
export function AttitudeSelect(props: {
  value: Attitude | '';
  onChange: (attitude: Attitude | '') => void;
}) {
  return (
    <label class="row">
      <span>{t('panel.contact.attitude')}</span>
      <select
        name="attitude"
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as Attitude | '')}
      >
        <option value="">{t('panel.unknown')}</option>
        {ATTITUDES.map((a) => (
          <option key={a} value={a}>
            {t(`attitude.${a}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
