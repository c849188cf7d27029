import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aliyunCanonicalQuery, aliyunPercentEncode, aliyunSignature, dingTalkSignedUrl, feishuSignature } from './signing.ts';

describe('provider signatures', () => {
  it('reproduces Alibaba Cloud\'s documented RPC signature example', () => {
    const params = {
      AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26',
    };
    expect(aliyunCanonicalQuery(params)).toBe('AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1'
      + '&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26');
    expect(aliyunSignature(params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('percent-encodes as Alibaba Cloud does: spaces as %20, and ! \' ( ) * too', () => {
    expect(aliyunPercentEncode('a b+c!\'()*~-_.')).toBe('a%20b%2Bc%21%27%28%29%2A~-_.');
    expect(aliyunPercentEncode('阿里')).toBe('%E9%98%BF%E9%87%8C');
  });

  it('signs a DingTalk URL with the millisecond timestamp and the URL-encoded HMAC-SHA256 keyed by the secret', () => {
    const url = new URL(dingTalkSignedUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', 'SECxyz', 1764000000123));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe('1764000000123');
    const expected = createHmac('sha256', 'SECxyz').update('1764000000123\nSECxyz').digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    expect(url.search).not.toMatch(/sign=[^&]*[+/=]/); // base64's + / = arrive percent-encoded
  });

  it('signs for Feishu with "timestamp\\nsecret" as the HMAC key over nothing', () => {
    expect(feishuSignature('s3', 1764000000)).toBe(createHmac('sha256', '1764000000\ns3').digest('base64'));
    expect(feishuSignature('s3', 1764000000)).not.toBe(feishuSignature('s3', 1764000001));
  });
});
