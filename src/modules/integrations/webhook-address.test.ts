import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress, refusal } from './webhook-address.ts';
import { sendWebhook } from './webhook-send.ts';

describe('the addresses a webhook may reach', () => {
  it.each([
    ['169.254.169.254', 'link_local'], ['169.254.0.1', 'link_local'], ['fe80::1', 'link_local'], ['FEBF::1', 'link_local'],
    ['::ffff:169.254.169.254', 'link_local'], ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'], ['172.32.0.1', 'public'], ['192.168.1.10', 'private'], ['fd00::1', 'private'],
    ['8.8.8.8', 'public'], ['2001:db8::1', 'public'], ['fec0::1', 'public'],
    // How a URL writes [::ffff:169.254.169.254]; and the deprecated IPv4-compatible forms.
    ['::ffff:a9fe:a9fe', 'link_local'], ['[::ffff:a9fe:a9fe]', 'link_local'], ['::a9fe:a9fe', 'link_local'], ['::ffff:7f00:1', 'loopback'],
    ['::ffff:808:808', 'public'],
  ])('classifies %s as %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('refuses link-local always, and loopback or private only when the tenant restricts them', () => {
    expect(refusal('169.254.169.254', true)).toMatch(/link-local/);
    expect(refusal('127.0.0.1', true)).toBeNull();
    expect(refusal('10.0.0.1', false)).toMatch(/private address/);
    expect(refusal('8.8.8.8', false)).toBeNull();
  });

  it.each([
    ['ftp://example.com/hook', /http or https/], ['not a url', /not a valid URL/], ['http://user:pw@127.0.0.1/', /user name/],
    ['http://169.254.169.254/latest/meta-data', /link-local/], ['http://[fe80::1]/hook', /link-local/],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', /link-local/],
  ])('refuses %s with a 400 naming url', async (url, message) => {
    await expect(checkWebhookUrl(url, true)).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'url' }, message: expect.stringMatching(message) });
  });

  it('resolves host names before deciding: localhost is loopback', async () => {
    await expect(checkWebhookUrl('http://localhost:9/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(checkWebhookUrl('http://localhost:9/hook', false)).rejects.toMatchObject({ details: { field: 'url' } });
  });

  it('refuses an IP literal at send time too, where Node asks no lookup', async () => {
    const outcome = await sendWebhook({ url: 'http://[::ffff:a9fe:a9fe]/latest/meta-data', headers: {}, body: '{}', timeoutMs: 1000, allowPrivateNetworks: true });
    expect(outcome).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/^refused: .*link-local/) });
  });
});
