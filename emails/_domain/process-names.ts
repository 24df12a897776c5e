/**
 * The process's own proper names, spelt as the seed guide spells them: customers search for
 * these words, so the guide uses them as they are, in every language (they are names of a
 * product, a portal and a form, not sentences to translate).
 */
export const processNames = {
  bposS: 'BPOS-S',
  /** The seed's expansion of BPOS-S, given once where the guide first names it. */
  bposSFull: 'Microsoft Office Business Productivity Standard Suite',
  /** Where the seed sends customers to submit an online service request. */
  supportPortal: 'Microsoft Online Portal',
  contractChangeForm: 'Contract Information Change Request Form',
  vlsc: 'Volume License Service Center (VLSC)',
} as const;
