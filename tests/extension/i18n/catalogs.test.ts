import { describe, expect, it } from 'vitest';
import { bookCatalog } from '../../../extension/i18n/book.ts';
import { captureCatalog } from '../../../extension/i18n/capture.ts';
import { catalogs } from '../../../extension/i18n/catalog.ts';
import { importCatalog } from '../../../extension/i18n/import.ts';
import { uiCatalog } from '../../../extension/i18n/ui.ts';
import { webmailCatalog } from '../../../extension/i18n/webmail.ts';
import { domainCatalog } from '../../../shared/i18n/domain.ts';
import type { Catalogs } from '../../../shared/i18n/index.ts';
import { nextActionsCatalog } from '../../../shared/next-actions/messages.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** Every catalog module the extension merges (extension/i18n/catalog.ts), each checked on its own. */
const modules: [string, Catalogs][] = [
  ['ui', uiCatalog],
  ['capture', captureCatalog],
  ['webmail', webmailCatalog],
  ['book', bookCatalog],
  ['import', importCatalog],
  ['domain', domainCatalog],
  ['next actions', nextActionsCatalog],
];

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const HAS_CJK = new RegExp(`[${CJK}]`);
/**
 * What a Chinese string must not contain (GB/T 15834, 标点符号用法), each with why:
 * Chinese text takes full-width ，：；（）！？“” and the six-dot ellipsis ……; a placeholder in a
 * Chinese sentence is part of it, so the same holds beside `{name}`.
 */
const RULES: [string, RegExp][] = [
  [
    'ASCII , : ; ( ) ! ? " beside Chinese text or a placeholder',
    new RegExp(`[${CJK}}]\\s*[,:;!?()"]|[,:;!?()"]\\s*[${CJK}{]`),
  ],
  ['a space beside full-width punctuation', /\s[，。、：；！？（）“”]|[，。、：；！？（）“”]\s/],
  ['an ellipsis other than ……', /\.\.\.|(?<!…)…(?!…)/],
];

/**
 * One Chinese term per concept (the glossary in docs/domain.md): the word on the left is the
 * one used everywhere, the ones on the right are its variants that crept in before.
 */
const GLOSSARY: [string, string[]][] = [
  ['客户透镜 (the product; Account Lens only in the description)', ['Account Lens']],
  ['采购决策小组 (buying committee)', ['采购决策成员', '采购委员会']],
  ['等级 (tier)', ['级别']],
  ['客户徽章 (the badge; 标记 is the A–E flags)', ['客户标记']],
  ['进行中的商机 (open deal)', ['在途']],
  ['已成交 (closed, won)', ['已赢单']],
  ['最近联系 (last touch)', ['最近接触']],
  ['私密 (private)', ['私人']],
  ['质疑者 (skeptic)', ['怀疑者']],
  ['收入 (revenue)', ['营收']],
  ['您 (the rep)', ['你']],
];
/** Where a variant is meant: the store description names the product in both languages once. */
const GLOSSARY_EXCEPTIONS = new Set(['extDescription']);

describe("the extension's strings", () => {
  it('every string exists in English and Chinese with the same placeholders', () => {
    const en = catalogs.en;
    const zh = catalogs.zh_CN;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [id, text] of Object.entries(en)) {
      expect(placeholders(zh[id] ?? ''), id).toEqual(placeholders(text));
    }
  });

  it('this test walks every catalog the extension merges', () => {
    const walked = modules.flatMap(([, c]) => Object.keys(c.en));
    expect(walked.sort()).toEqual(Object.keys(catalogs.en).sort());
  });

  it.each(modules)(
    'the %s catalog has a Chinese string for every English one, and no other',
    (_name, catalog) => {
      const missing = Object.keys(catalog.en).filter((id) => !catalog.zh_CN[id]?.trim());
      const extra = Object.keys(catalog.zh_CN).filter((id) => !(id in catalog.en));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    },
  );

  it.each(modules)('Chinese %s strings use Chinese punctuation', (_name, catalog) => {
    const wrong: string[] = [];
    for (const [id, text] of Object.entries(catalog.zh_CN)) {
      if (!HAS_CJK.test(text)) continue;
      for (const [rule, pattern] of RULES) {
        if (pattern.test(text)) wrong.push(`${id}: ${rule}: ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(modules)('Chinese %s strings use one term per concept', (_name, catalog) => {
    const wrong: string[] = [];
    for (const [id, text] of Object.entries(catalog.zh_CN)) {
      if (GLOSSARY_EXCEPTIONS.has(id)) continue;
      for (const [term, variants] of GLOSSARY) {
        for (const variant of variants) {
          if (text.includes(variant)) wrong.push(`${id}: ${variant} → ${term}: ${text}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the rules catch what they are meant to', () => {
    const caught = (text: string) => RULES.filter(([, pattern]) => pattern.test(text)).length;
    for (const bad of [
      '重要客户, 次要客户',
      '未分级: 请补充',
      '投诉 (3)',
      '{name}: 已保存',
      '加载中...',
      '加载中…',
      '未保存 ：{message}',
      '“{name}” 已删除',
    ]) {
      expect(caught(bad), bad).toBeGreaterThan(0);
    }
    for (const good of [
      '未分级：请补充收入或潜在收入。',
      '正在加载……',
      '{contact}（{role}）反对我们',
      'Ctrl+Enter（Mac 上为 ⌘+Enter）保存。',
      '免费邮箱域名（gmail.com、qq.com 等）',
      '已接收 {received} / {total} 条数据',
    ]) {
      expect(caught(good), good).toBe(0);
    }
  });
});
