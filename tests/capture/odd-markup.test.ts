import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { capturePage } from '../../shared/capture/index.ts';
import { parsePage } from './fixtures.ts';

const closers: (() => unknown)[] = [];
afterAll(() => {
  for (const close of closers) close();
});

// Pieces of what page builders emit: uneven card classes, runs without wrappers, <br> lines,
// quotes and bylines, obfuscated addresses, CJK labels, JSON-LD of every shape.
const piece = fc.constantFrom(
  '<div class="et_pb_column et_pb_column_1_3 et-last-child">',
  '<div class="elementor-element elementor-element-3f2a1b elementor-widget">',
  '<div class="wixui-rich-text">',
  '</div>',
  '<h3>Jane Doe</h3>',
  '<h3>Priya</h3><p>Head of Data</p><a href="mailto:priya@acme.com">Email</a>',
  '<h3>Aoife N</h3><p>Account Manager</p><a href="mailto:aoife.n@acme.com">Email</a>',
  '<h3>Dr. Mei Chen, MBA</h3>',
  '<h3>van der Berg, Pieter</h3>',
  '<h3>J R Whitfield</h3>',
  '<strong>박 지훈</strong>',
  '<div itemscope itemtype="https://schema.org/Person"><span itemprop="name">Rafael</span><a itemprop="email" href="mailto:rafael@acme.com">r</a></div>',
  '<div class="h-card"><span class="p-name">Acme GmbH</span><a class="u-email" href="mailto:k.brandt@acme.com">k</a></div>',
  '<script type="application/ld+json">{"@type":"Person","name":"Okafor, Chidi M.","honorificPrefix":"Dr.","email":"c.okafor@acme.com"}</script>',
  '<h3>Für Gastronomie</h3>',
  '<p>VP Sales<br>Other Co</p>',
  '<p>总经理：刘建华</p>',
  '<p>销售总监 周敏</p>',
  '<p>代表取締役社長　田中 一郎</p>',
  '<strong>김민준</strong><span>대표이사</span>',
  '<p>手机：139 0571 2288 转 8012</p>',
  '<p>Mobil: 0171 5550123<br>Durchwahl: -210<br>Telefax: 089 555-99</p>',
  '<p>jane [at] acme [dot] com. Next</p>',
  '<p>max AT firma DOT de Bitte</p>',
  '<p>li（at）x.cn ＠ {at} (at)</p>',
  '<blockquote>“Great.”<cite>— Ann Lee, CEO at Other Co</cite></blockquote>',
  '<span class="byline">By <a rel="author" href="/a">Jane Doe</a></span>',
  '<div role="contentinfo">',
  '<footer>',
  '</footer>',
  '<br>',
  '<script type="application/ld+json">{"@type":["Restaurant"],"name":"X","founder":{"@type":"Person","name":"Ann Lee"}}</script>',
  '<script type="application/ld+json">{"@type":"SportsTeam","athlete":[{"@id":"#p"}],"coach":"Bob"}</script>',
  '<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"#p"}},{"@type":"Person","@id":"#p","name":"Jane Doe"}]}</script>',
  '<script type="application/ld+json">{"@type":"Review","author":[null,1,{"@type":"Person"}]}</script>',
  '<a href="mailto:studio@acme.com">studio@acme.com</a>',
  '<a href="tel:+4971615550">x</a>',
  '<table><tr><th>代表者</th><td>代表取締役 山田 太郎</td></tr><tr><td>成立日期</td><td>2006</td></tr>',
  '</table>',
  '<dl><dt>役員</dt><dd>取締役 佐藤 花子<br>監査役 ',
  '</dd><dt>担当</dt><dd>営業部 中村 美咲</dd></dl>',
  '<li>Dana Whitaker, Sales Manager – <a href="mailto:dana@acme.com">dana@acme.com</a> – (207) 555-0141</li>',
  '<li>Luis Ortega, Inside Sales — luis [at] acme [dot] com</li>',
  '<ul><li>',
  '</li></ul>',
);

describe('capture on odd markup', () => {
  it('never throws; a person without a name is always flagged for the rep to name', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 50 }),
        fc.constantFrom('https://acme.com/team/', 'https://acme.cn/', 'not a url'),
        (parts, url) => {
          const page = parsePage(parts.join(''), 'https://acme.com/');
          closers.push(page.close);
          const { contacts, organization } = capturePage(page.document, url);
          for (const c of contacts) {
            if (c.name === '') expect(c.nameFlag).toBe('missing');
            // Honorifics stand apart: none of them is left inside the name.
            const words = c.name.split(/\s+/);
            for (const h of c.honorifics ?? []) expect(words).not.toContain(h);
          }
          expect(Array.isArray(organization.contactPoints)).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});
