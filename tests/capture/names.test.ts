/**
 * The person-name check (shared/capture/names.ts), class by class: names that must pass in
 * every shape people write them, honorifics and degrees kept apart from the bare name,
 * organisations, departments and headings that must never read as a person, and the
 * properties the rest of capture relies on (idempotent cleaning, honorific-blind keys).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cleanPersonName,
  cleanSingleName,
  isKoreanName,
  looksLikeHeading,
  looksLikeOrganisation,
  looseName,
  nameFitsEmail,
  nameKey,
  parsePersonName,
  splitHonorifics,
} from '../../shared/capture/names.ts';

const cases = (table: readonly (readonly [string, string])[]) => {
  for (const [input, expected] of table) expect(cleanPersonName(input), input).toBe(expected);
};
const refused = (list: readonly string[]) => {
  for (const input of list) expect(cleanPersonName(input), input).toBeUndefined();
};

describe('names in every shape people write them', () => {
  it('"Last, First M." reads as "First M. Last"', () => {
    cases([
      ['Doe, Jane', 'Jane Doe'],
      ['Public, John Q.', 'John Q. Public'],
      ['Müller, Hans-Peter', 'Hans-Peter Müller'],
      ['van der Berg, Anna', 'Anna van der Berg'],
      ['Berg, Anna, PhD', 'Anna Berg'],
      ['García, María José', 'María José García'],
    ]);
    refused([
      'Jane Doe, CEO',
      'Berlin, Germany',
      'Hamburg, Deutschland',
      'Acme, Inc.',
      'Berlin, Hamburg',
      'München, Bayern',
      'Zürich, Basel',
      'Doe, Sales',
    ]);
  });

  it('takes middle initials with or without a dot', () => {
    cases([
      ['John Q Public', 'John Q Public'],
      ['John Q. Public', 'John Q. Public'],
      ['Mary J K Blige', 'Mary J K Blige'],
      ['J R Whitfield', 'J R Whitfield'],
      ['T.J. Miller', 'T.J. Miller'],
      ['J.R.R. Tolkien', 'J.R.R. Tolkien'],
    ]);
    refused(['Jane D.', 'Q Series', 'A Team', 'J R', 'A B Testing']);
  });

  it('takes particles, apostrophes, Mac/Mc and hyphens', () => {
    cases([
      ["Jean d'Arcy", "Jean d'Arcy"],
      ["Luca D'Amico", "Luca D'Amico"],
      ['Anna de Souza', 'Anna de Souza'],
      ['Ludwig van Beethoven', 'Ludwig van Beethoven'],
      ['Ursula von der Leyen', 'Ursula von der Leyen'],
      ["Tom O'Brien", "Tom O'Brien"],
      ['Tom O’Neill', 'Tom O’Neill'],
      ['Ewan MacGregor', 'Ewan MacGregor'],
      ['Ronald McDonald', 'Ronald McDonald'],
      ['Anne-Marie Dupont-Leclerc', 'Anne-Marie Dupont-Leclerc'],
      ['Maria dell’Orto', 'Maria dell’Orto'],
      ['Jack Ma', 'Jack Ma'],
      ['Ana de los Santos', 'Ana de los Santos'],
      ['Javier de la Fuente', 'Javier de la Fuente'],
    ]);
  });

  it('takes Korean names in Hangul and romanised', () => {
    cases([
      ['김민준', '김민준'],
      ['이서연', '이서연'],
      ['박지훈', '박지훈'],
      ['남궁민수', '남궁민수'],
      ['Kim Min-jun', 'Kim Min-jun'],
      ['Min-jun Kim', 'Min-jun Kim'],
      ['김민준 (Kim Min-jun)', '김민준'],
      ['박 지훈', '박 지훈'],
    ]);
    refused([
      '이메일',
      '연락처',
      '서비스',
      '한국어',
      '마케팅',
      '고객센터',
      '주식회사',
      '정보',
      '전화',
      '영업팀',
    ]);
    expect(isKoreanName('김민준')).toBe(true);
    expect(isKoreanName('이메일')).toBe(false);
  });

  it('takes Japanese names written with or without a space', () => {
    cases([
      ['山田 太郎', '山田 太郎'],
      ['山田　太郎', '山田 太郎'],
      ['佐藤 花子', '佐藤 花子'],
      ['鈴木 さくら', '鈴木 さくら'],
      ['田中太郎', '田中太郎'],
      ['高橋 一郎 (Ichiro Takahashi)', '高橋 一郎'],
    ]);
    refused(['会社概要', 'お問い合わせ', '営業部', '山田工業', '株式会社 山田', '田中 部長']);
  });

  it('keeps names in ALL CAPS as written (nameKey ignores case), and headings in capitals out', () => {
    cases([
      ['JANE DOE', 'JANE DOE'],
      ["MICHAEL O'NEILL", "MICHAEL O'NEILL"],
      ['ANNA VAN DER BERG', 'ANNA VAN DER BERG'],
      ['RONALD MCDONALD', 'RONALD MCDONALD'],
      ['ANNE-MARIE DUPONT', 'ANNE-MARIE DUPONT'],
      ['JOHN Q PUBLIC', 'JOHN Q PUBLIC'],
      ['DOE, JANE', 'JANE DOE'],
      ['Jean DUPONT', 'Jean DUPONT'],
      ['DR. ANNA BERG, PHD', 'ANNA BERG'],
    ]);
    expect(nameKey('JANE DOE')).toBe(nameKey('Jane Doe'));
    refused(['CONTACT US', 'MEET THE TEAM', 'ACME GMBH', 'OUR EXPERTS', 'IT HR']);
  });

  it('one-word names are not full names, but are offered by cleanSingleName', () => {
    expect(cleanPersonName('Priya')).toBeUndefined();
    expect(cleanSingleName('Priya')).toEqual({ name: 'Priya', honorifics: [] });
    expect(cleanSingleName('Dr. Priya')).toEqual({ name: 'Priya', honorifics: ['Dr.'] });
    expect(cleanSingleName('PRIYA')?.name).toBe('PRIYA');
    for (const word of [
      'Kontakt',
      'Team',
      'Vertrieb',
      'Sales',
      'Home',
      'Gastronomie',
      'Experts',
      'Jane Doe',
      'GmbH',
      'priya',
      'Vertriebsinnendienst',
      'Kundenservice',
    ]) {
      expect(cleanSingleName(word), word).toBeUndefined();
    }
  });

  it('a one-word name fits the e-mail it came with', () => {
    expect(nameFitsEmail('Priya', 'priya@acme.com')).toBe(true);
    expect(nameFitsEmail('Priya', 'priya.sharma@acme.com')).toBe(true);
    expect(nameFitsEmail('Priya Sharma', 'psharma@acme.com')).toBe(true);
    expect(nameFitsEmail('Jürgen Weiß', 'juergen.weiss@acme.de')).toBe(true);
    expect(nameFitsEmail('Priya', 'info@acme.com')).toBe(false);
    expect(nameFitsEmail('Priya', 'tom@acme.com')).toBe(false);
  });
});

describe('honorifics and degrees', () => {
  it('are stripped consistently and kept apart', () => {
    const table: [string, string, string[]][] = [
      ['Dr Anna Berg', 'Anna Berg', ['Dr']],
      ['Dr. Anna Berg', 'Anna Berg', ['Dr.']],
      ['Prof. Anna Berg', 'Anna Berg', ['Prof.']],
      ['Herr Prof. Dr. Hans Müller', 'Hans Müller', ['Herr', 'Prof.', 'Dr.']],
      ['Frau Anna Berg', 'Anna Berg', ['Frau']],
      ['Mr John Smith', 'John Smith', ['Mr']],
      ['Mrs. Jane Smith', 'Jane Smith', ['Mrs.']],
      ['Ms Jane Smith', 'Jane Smith', ['Ms']],
      ['Mx. Sam Lee', 'Sam Lee', ['Mx.']],
      ['Anna Berg, PhD', 'Anna Berg', ['PhD']],
      ['Dr.Anna Berg', 'Anna Berg', ['Dr.']],
      ['Dr. Berg, Anna', 'Anna Berg', ['Dr.']],
      ['Berg, Dr. Anna', 'Anna Berg', ['Dr.']],
      ['King, Martin Luther, Jr.', 'Martin Luther King', ['Jr.']],
      ['Prof. Dr. h.c. Hans Meier', 'Hans Meier', ['Prof.', 'Dr. h.c.']],
      ['Dott.ssa Giulia Rossi', 'Giulia Rossi', ['Dott.ssa']],
      ['김민준 선생님', '김민준', ['선생님']],
      ['Anna Berg, PhD, MBA', 'Anna Berg', ['PhD', 'MBA']],
      ['Anna Berg MBA', 'Anna Berg', ['MBA']],
      ['Anna Berg, MSc', 'Anna Berg', ['MSc']],
      ['Dipl.-Ing. Hans Müller', 'Hans Müller', ['Dipl.-Ing.']],
      ['Hans Müller, Dipl.-Ing.', 'Hans Müller', ['Dipl.-Ing.']],
      ['Dr. med. Hans Müller', 'Hans Müller', ['Dr. med.']],
      ['Prof. Dr.-Ing. Eva Koch', 'Eva Koch', ['Prof.', 'Dr.-Ing.']],
      ['王小明先生', '王小明', ['先生']],
      ['李娜女士', '李娜', ['女士']],
      ['王小明 博士', '王小明', ['博士']],
      ['张伟教授', '张伟', ['教授']],
      ['山田 太郎 様', '山田 太郎', ['様']],
      ['山田太郎さん', '山田太郎', ['さん']],
      ['김민준 님', '김민준', ['님']],
      ['김민준님', '김민준', ['님']],
    ];
    for (const [input, name, honorifics] of table) {
      expect(parsePersonName(input), input).toEqual({ name, honorifics });
    }
  });

  it('splitHonorifics keeps whatever is left, name or not', () => {
    expect(splitHonorifics('Dr. Priya')).toEqual({ bare: 'Priya', honorifics: ['Dr.'] });
    expect(splitHonorifics('Read more')).toEqual({ bare: 'Read more', honorifics: [] });
    expect(splitHonorifics('Dr.')).toEqual({ bare: 'Dr.', honorifics: [] });
  });

  it('nameKey compares bare names: "Dr. Anna Berg" and "Anna Berg, PhD" are one person', () => {
    const key = nameKey('Anna Berg');
    for (const n of [
      'Dr. Anna Berg',
      'Anna Berg, PhD',
      'Frau Dr. Anna Berg',
      'BERG, ANNA',
      'Berg, Anna',
    ]) {
      expect(nameKey(n), n).toBe(key);
    }
    expect(nameKey('王小明先生')).toBe(nameKey('王小明'));
    expect(nameKey('Jack Ma')).not.toBe(nameKey('Jack'));
    expect(nameKey('John Q. Public')).toBe(nameKey('John Q Public'));
  });
});

describe('organisations, departments and headings are never people', () => {
  const orgs = [
    'Brandt & Sons Ltd',
    'Brandt & Sons',
    'Nordwerk Logistik SE',
    'Acme Ltd',
    'Acme LLC',
    'Acme Inc.',
    'Müller GmbH',
    'Siemens AG',
    'Hansen KG',
    'Iberia S.A.',
    'Rossi S.r.l.',
    'Jansen B.V.',
    'Nokia Oy',
    'Volvo AB',
    'Schmidt GmbH & Co. KG',
    '北京科技有限公司',
    '株式会社山田',
    '주식회사 한빛',
    'Vertriebsinnendienst',
    'Sales Department',
    'Kundenservice',
    'Customer Service',
    '销售部',
    '営業部',
    '영업팀',
  ];
  it('looksLikeOrganisation knows legal forms and departments', () => {
    for (const o of orgs) expect(looksLikeOrganisation(o), o).toBe(true);
    for (const p of [
      'Anna Berg',
      'Jane Doe',
      '王小明',
      '山田 太郎',
      '김민준',
      'Kim Min-jun',
      'Hans Vogel',
    ]) {
      expect(looksLikeOrganisation(p), p).toBe(false);
    }
  });

  it('the person-name check refuses them', () => {
    refused(orgs);
    refused([
      'Brandt Sons',
      'Nordwerk Logistik',
      'Vertriebsinnendienst Nord',
      'Kundenservice Team',
    ]);
  });

  it('headings are refused', () => {
    const headings = [
      'Für Gastronomie',
      'Our Team',
      'Meet the Experts',
      'Kontakt',
      '联系我们',
      'Unser Team',
      'Über Uns',
      'Notre Équipe',
      'Nuestro Equipo',
      'Meet Our Experts',
      'お問い合わせ',
      '회사소개',
    ];
    refused(headings);
    for (const h of headings) expect(looksLikeHeading(h), h).toBe(true);
    for (const p of ['Anna Berg', '王小明', 'Priya']) expect(looksLikeHeading(p), p).toBe(false);
  });
});

describe('looseName: a best guess the rep confirms', () => {
  it('cleans what it can and refuses what is plainly not a person', () => {
    expect(looseName('Dr. Priya')).toEqual({ name: 'Priya', honorifics: ['Dr.'] });
    expect(looseName('ANNA B')).toEqual({ name: 'ANNA B', honorifics: [] });
    for (const s of [
      'Kontakt',
      'Acme GmbH',
      'Sales Director',
      'jane@acme.com',
      '+49 30 1234',
      '',
      'Read more about us',
    ]) {
      expect(looseName(s), s).toBeUndefined();
    }
  });
});

// Plausible names: capitalised words, particles, initials, CJK and Hangul names.
const given = fc.constantFrom(
  'Anna',
  'Jean',
  'Hans-Peter',
  'María',
  'Priya',
  'Tom',
  'Xiaoming',
  'Min-jun',
  'Zoë',
  'Seán',
);
const family = fc.constantFrom(
  'Berg',
  'Müller',
  "O'Brien",
  'McDonald',
  'García',
  'Wang',
  'Kim',
  "d'Arcy",
  'Dupont-Leclerc',
  'Nakamura',
);
const latinName = fc
  .tuple(
    given,
    fc.option(fc.constantFrom('Q.', 'J', 'J R', 'T.J.', 'van der', 'de', 'Marie'), {
      nil: undefined,
    }),
    family,
  )
  .map(([g, m, f]) => [g, m, f].filter((x) => x !== undefined).join(' '));
const cjkName = fc.constantFrom(
  '박 지훈',
  '王小明',
  '欧阳娜娜',
  '李娜',
  '山田 太郎',
  '김민준',
  '이서연',
  '남궁민수',
);
const someName = fc.oneof(latinName, cjkName);
const prefix = fc.constantFrom(
  'Dr.',
  'Dr',
  'Prof.',
  'Herr',
  'Frau',
  'Mr',
  'Mrs.',
  'Ms',
  'Mx',
  'Herr Prof. Dr.',
  'Dipl.-Ing.',
);
const postNominal = fc.constantFrom('PhD', 'MBA', 'MSc', 'Ph.D.', 'Dipl.-Ing.');
const cjkSuffix = fc.constantFrom('先生', '女士', '博士', '教授', '様', 'さん', '님');

describe('properties', () => {
  it('cleaning a name is idempotent', () => {
    fc.assert(
      fc.property(
        fc.oneof(someName, fc.string(), fc.string({ unit: 'binary', maxLength: 30 })),
        (s) => {
          const once = cleanPersonName(s);
          if (once !== undefined) expect(cleanPersonName(once)).toBe(once);
          const single = cleanSingleName(s);
          if (single !== undefined) expect(cleanSingleName(single.name)?.name).toBe(single.name);
          const loose = looseName(s);
          if (loose !== undefined) expect(looseName(loose.name)?.name).toBe(loose.name);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every plausible name passes', () => {
    fc.assert(
      fc.property(someName, (n) => {
        expect(cleanPersonName(n)).toBeDefined();
      }),
    );
  });

  it('adding or removing an honorific never changes nameKey or the bare name', () => {
    fc.assert(
      fc.property(someName, prefix, postNominal, cjkSuffix, (n, p, post, suffix) => {
        const key = nameKey(n);
        const bare = cleanPersonName(n);
        const dressed = /[\u3040-\u9fff\uac00-\ud7a3]/.test(n)
          ? [`${n}${suffix}`, `${n} ${suffix}`]
          : [`${p} ${n}`, `${n}, ${post}`, `${p} ${n}, ${post}`, `${n} ${post}`];
        for (const d of dressed) {
          expect(nameKey(d), d).toBe(key);
          expect(cleanPersonName(d), d).toBe(bare);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nothing throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        parsePersonName(s);
        cleanSingleName(s);
        looseName(s);
        nameKey(s);
        splitHonorifics(s);
        looksLikeOrganisation(s);
        looksLikeHeading(s);
        nameFitsEmail(s, `${s}@example.com`);
      }),
      { numRuns: 1000 },
    );
  });
});
