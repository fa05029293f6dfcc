import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attitudeOf, rolesOf, stageOf, tierOf } from '../../shared/import/index.ts';
import { STAGES } from '../../shared/index.ts';

describe("other tools' words for our lists", () => {
  it("maps HubSpot's, Salesforce's, Pipedrive's and Chinese CRMs' stages to ours; lost deals are lost", () => {
    expect(stageOf('appointmentscheduled')).toEqual({ stage: 'firstContact' });
    expect(stageOf('Qualified To Buy')).toEqual({ stage: 'needsAssessment' });
    expect(stageOf('Proposal/Price Quote')).toEqual({ stage: 'presentation' });
    expect(stageOf('Negotiation/Review')).toEqual({ stage: 'negotiation' });
    expect(stageOf('Closed Won')).toEqual({ stage: 'contractFulfilment' });
    expect(stageOf('closedlost')).toEqual({ lost: true });
    expect(stageOf('Demo Scheduled')).toEqual({ stage: 'presentation' });
    expect(stageOf('商务谈判')).toEqual({ stage: 'negotiation' });
    expect(stageOf('赢单')).toEqual({ stage: 'contractFulfilment' });
    expect(stageOf('Somewhere else')).toBeUndefined();
  });

  it('reads several roles from one cell, and names the words that are none', () => {
    expect(rolesOf('Decision Maker; End user')).toEqual({
      roles: ['decisionMaker', 'user'],
      unknown: [],
    });
    expect(rolesOf('决策者、采购、CEO')).toEqual({
      roles: ['decisionMaker', 'purchaser'],
      unknown: ['CEO'],
    });
    expect(rolesOf('')).toEqual({ roles: [], unknown: [] });
  });

  it('reads attitudes and tiers in English and Chinese', () => {
    expect(attitudeOf('Coach')).toBe('champion');
    expect(attitudeOf('反对者')).toBe('opponent');
    expect(tierOf('A')).toBe('keyStrategic');
    expect(tierOf('Tier 2')).toBe('key');
    expect(tierOf('普通客户')).toBe('ordinary');
    expect(tierOf('小客户')).toBe('small');
    expect(tierOf('Platinum')).toBeUndefined();
  });

  it('never throws on any text, and a stage it returns is one of ours', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const stage = stageOf(text);
        if (stage && 'stage' in stage) expect(STAGES).toContain(stage.stage);
        const { roles, unknown } = rolesOf(text);
        expect(new Set(roles).size).toBe(roles.length);
        for (const u of unknown) expect(u.trim()).not.toBe('');
      }),
    );
  });
});
