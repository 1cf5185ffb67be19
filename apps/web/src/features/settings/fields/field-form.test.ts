import { describe, expect, it } from 'vitest';
import { createBody, emptyForm, formFromField, updateBody } from './field-form';
import type { CustomField } from './field-api';

describe('the field form’s bodies', () => {
  it('creates a multiple enumeration with its values in order, not sortable, without a default value', () => {
    const body = createBody({
      ...emptyForm(),
      type: 'enumeration',
      labelPt: ' Prioridade ',
      labelEn: 'Priority',
      multiple: true,
      defaultValue: 'ignored',
      options: [
        { key: 'a', value: 'Alta', isDefault: false },
        { key: 'b', value: 'Média ', isDefault: true },
      ],
    });
    expect(body).toEqual({
      type: 'enumeration',
      labelPt: 'Prioridade',
      labelEn: 'Priority',
      required: false,
      multiple: true,
      showInList: true,
      filterable: true,
      sortable: false,
      options: [
        { value: 'Alta', sort: 10, isDefault: false },
        { value: 'Média', sort: 20, isDefault: true },
      ],
    });
  });

  it('sends the link target of an item field, the length of a string, a code when given, and never multiple where it cannot be', () => {
    expect(createBody({ ...emptyForm(), type: 'item', itemType: 'company', labelPt: 'Parceiro', labelEn: 'Partner', multiple: true, name: 'UF_CRM_PARTNER' })).toMatchObject({ settings: { itemType: 'company' }, name: 'UF_CRM_PARTNER', multiple: true });
    const string = createBody({ ...emptyForm(), labelPt: 'Código', labelEn: 'Code', maxLength: 20, multiple: true, defaultValue: 'X-1' });
    expect(string).toMatchObject({ type: 'string', settings: { maxLength: 20 }, multiple: false, defaultValue: 'X-1' });
  });

  it('changes only what may change, and clears an emptied default with null', () => {
    const field: CustomField = {
      name: 'UF_CRM_SEATS',
      apiName: 'ufCrmSeats',
      entityType: 'deal',
      type: 'integer',
      label: 'Licenças',
      labelEn: 'Seats',
      labelPt: 'Licenças',
      required: true,
      multiple: false,
      showInList: false,
      filterable: true,
      sortable: true,
      defaultValue: 5,
      settings: {},
      sort: 100,
    };
    const form = { ...formFromField(field), defaultValue: null, labelEn: 'Licences' };
    expect(updateBody(form)).toEqual({ labelPt: 'Licenças', labelEn: 'Licences', required: true, showInList: false, filterable: true, sortable: true, defaultValue: null });
  });
});
