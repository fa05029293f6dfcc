import { describe, expect, it } from 'vitest';
import { fromFrame } from '../../../extension/frame/from-frame.ts';
import { overlayShow } from '../../../extension/frame/overlay-show.ts';
import { WebmailFrameMessage } from '../../../extension/frame/protocol.ts';
import { webmailState } from '../../../extension/frame/webmail-state.ts';
import type { OpenMessage } from '../../../extension/hosts/types.ts';
import { readOpenMessage } from '../../../extension/webmail/controller.ts';

describe('what a frame tells its content script', () => {
  it('keeps the four shapes it knows and drops everything else', () => {
    expect(fromFrame({ type: 'open', open: true })).toEqual({ type: 'open', open: true });
    expect(fromFrame({ type: 'hidden', extra: 1 })).toEqual({ type: 'hidden' });
    expect(fromFrame({ type: 'size', height: 120 })).toEqual({ type: 'size', height: 120 });
    expect(fromFrame({ type: 'read', rpc: 3, body: false })).toEqual({
      type: 'read',
      rpc: 3,
      body: false,
    });
    for (const bad of [
      null,
      'open',
      { type: 'open', open: 'yes' },
      { type: 'size', height: -1 },
      { type: 'size', height: 1.5 },
      { type: 'read', rpc: 1 },
      { type: 'constructor' },
      { type: 'toString' },
    ]) {
      expect(fromFrame(bad)).toBeUndefined();
    }
  });
});

describe('what a content script tells its frame', () => {
  const badge = {
    accountId: '01JQ0000000000000000000000',
    domain: 'acme-robotics.com',
    name: 'Acme Robotics',
    tier: 'keyStrategic',
    tierLocal: false,
  };

  it('the overlay gets a badge it can trust the shape of', () => {
    const show = { type: 'show', badge, language: 'en', hostname: 'acme.com' };
    expect(overlayShow(show)).toEqual(show);
    // Unknown fields are dropped; the hostname is trimmed, as messaging/protocol.ts's Hostname.
    expect(
      overlayShow({ ...show, extra: 1, badge: { ...badge, html: '<b>' }, hostname: ' acme.com ' }),
    ).toEqual(show);
    for (const bad of [
      null,
      'show',
      { ...show, type: 'message' },
      { ...show, badge: { ...badge, tier: 'platinum' } },
      { ...show, badge: { ...badge, tier: 'constructor' } },
      { ...show, badge: { ...badge, accountId: 'acme' } },
      { ...show, badge: { ...badge, name: 'x'.repeat(1_001) } },
      { ...show, badge: { ...badge, domain: 7 } },
      { ...show, badge: { ...badge, tierLocal: 'no' } },
      { ...show, badge: null },
      { ...show, language: 'fr' },
      { ...show, language: 'toString' },
      { ...show, hostname: '  ' },
      { ...show, hostname: 'a'.repeat(254) },
    ]) {
      expect(overlayShow(bad)).toBeUndefined();
    }
  });

  it('the webmail frame draws from the views whose envelope it checked by hand', () => {
    const compose = { type: 'compose', language: 'zh_CN', view: { recipients: [] } };
    expect(webmailState(compose)).toEqual(compose);
    const message = { type: 'message', site: 'gmail', language: 'en', fallback: false, view: {} };
    expect(webmailState(message)).toEqual(message);
    // A frame kept for the next message draws nothing; both checks agree on it.
    expect(webmailState({ type: 'parked' })).toEqual({ type: 'parked' });
    expect(WebmailFrameMessage.safeParse({ type: 'parked' }).success).toBe(true);
    for (const bad of [
      null,
      { ...message, site: 'hotmail' },
      { ...message, site: 'constructor' },
      { ...message, fallback: 'no' },
      { ...message, view: null },
      { ...compose, language: 'fr' },
      { type: 'read', rpc: 1, language: 'en', view: {} },
    ]) {
      expect(webmailState(bad)).toBeUndefined();
    }
  });

  it('the webmail frame gets views, and answers to its reads', () => {
    expect(
      WebmailFrameMessage.safeParse({
        type: 'compose',
        language: 'zh_CN',
        view: { recipients: [] },
      }).success,
    ).toBe(true);
    expect(
      WebmailFrameMessage.safeParse({ type: 'message', site: 'gmail', language: 'en', view: {} })
        .success,
    ).toBe(false);
    expect(
      WebmailFrameMessage.safeParse({
        type: 'read',
        rpc: 2,
        message: {
          id: 'm1',
          subject: 'Hi',
          sender: { name: '', email: 'a@b.cd' },
          participants: [],
        },
      }).success,
    ).toBe(true);
    expect(WebmailFrameMessage.safeParse({ type: 'eval', code: '1' }).success).toBe(false);
  });
});

describe('the open message, read for a frame', () => {
  const message: OpenMessage = {
    id: '#msg-f:1',
    subject: 'Line 4 quote',
    sender: { name: 'Jane Doe', email: 'jane@acme.com' },
    participants: [{ name: 'Li Wei', email: 'li@acme.com' }],
    bodyText: () => 'Hello, Jane',
    mount: { anchor: {} as Element, append: 'after' },
    fallback: false,
  };

  it('carries the body only when asked, and never the page element it mounts beside', () => {
    const without = readOpenMessage(message, false);
    expect(without).toEqual({
      id: '#msg-f:1',
      subject: 'Line 4 quote',
      sender: { name: 'Jane Doe', email: 'jane@acme.com' },
      participants: [{ name: 'Li Wei', email: 'li@acme.com' }],
    });
    expect(readOpenMessage(message, true)?.body).toBe('Hello, Jane');
    expect(readOpenMessage(null, true)).toBeNull();
    expect(
      WebmailFrameMessage.safeParse({
        type: 'read',
        rpc: 1,
        message: readOpenMessage(message, true),
      }).success,
    ).toBe(true);
  });
});
