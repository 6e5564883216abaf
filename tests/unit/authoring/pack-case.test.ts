import { describe, expect, it } from 'vitest';
import { calendar, fieldTest, ruleContext } from '../../../knowledge/authoring/pack-case.ts';
import { validate } from '../../../knowledge/authoring/schema.ts';

const paths = (check: typeof calendar, value: unknown) =>
  validate(check, value).map((e) => `${e.path}: ${e.reason}`);

describe('the case parts of the pack format', () => {
  it('accepts the field tests and contexts a trainer writes', () => {
    expect(paths(fieldTest, { field: 'productRiskLevel', above: 'customerRiskLevel' })).toEqual([]);
    expect(
      paths(ruleContext, {
        caseTypes: ['collections'],
        channels: ['phone'],
        fields: [{ field: 'contactParty', in: ['third_party'] }],
        outsideHours: { from: '08:00', to: '22:00' },
      }),
    ).toEqual([]);
  });

  it('names the path of a bad field name, channel or clock time', () => {
    const errors = paths(ruleContext, {
      channels: ['fax'],
      fields: [{ field: 'risk level' }],
      outsideHours: { from: '8am', to: '22:00' },
    });
    expect(errors.map((e) => e.split(':')[0])).toEqual([
      'channels[0]',
      'fields[0].field',
      'outsideHours.from',
    ]);
  });

  it('refuses a calendar date that does not exist and a day that closes before it opens', () => {
    const errors = paths(calendar, { holidays: ['2025-02-30'], startHour: 18, endHour: 9 });
    expect(errors.some((e) => e.startsWith('holidays[0]'))).toBe(true);
    expect(errors.some((e) => e.startsWith('endHour'))).toBe(true);
  });
});
