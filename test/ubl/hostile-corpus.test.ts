import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isUblDocumentError } from '../../ubl/errors';
import { parseInboundDocument } from '../../ubl/parse-inbound';
import { hostileCorpus, receivedText, type HostileMessage } from '../../harness/hostile-corpus';

/**
 * The hostile corpus (harness/hostile-corpus.ts) through the codec alone: fast, no servers.
 * The intake quarantines a message with `code: message` of the codec's error, so the reason each
 * kind must carry is checked on that text here; test/e2e/hostile-corpus.test.ts checks the same
 * reasons in the archive after the real pipeline has drained them from the sandbox's queue.
 */

/** What the intake would quarantine the message with, or undefined when the codec accepts it. */
function codecReason(input: string | Buffer): string | undefined {
  try {
    parseInboundDocument(input);
    return undefined;
  } catch (error) {
    if (isUblDocumentError(error)) return `${error.code}: ${error.message}`;
    throw error; // anything else would be quarantined as an "internal" parser failure: a bug
  }
}

const asBytes = (message: HostileMessage): Buffer =>
  typeof message.body === 'string' ? Buffer.from(message.body, 'utf8') : message.body;

void describe('the hostile corpus through the codec', () => {
  void test('at least 40 kinds, each named once, each message different', () => {
    assert.ok(hostileCorpus.length >= 40, `${hostileCorpus.length} kinds`);
    assert.equal(new Set(hostileCorpus.map((message) => message.name)).size, hostileCorpus.length);
    const texts = new Set(hostileCorpus.map((message) => receivedText(message.body)));
    assert.equal(texts.size, hostileCorpus.length, 'each message gets its own archive row');
  });

  for (const message of hostileCorpus.filter((entry) => entry.refusedBy === 'codec')) {
    void test(`${message.name}: ${message.description} — refused with a reason that says why`, () => {
      // As the pipeline receives it (text decoded leniently from Jakamo's answer) …
      const reason = codecReason(receivedText(message.body));
      assert.ok(reason !== undefined, 'refused');
      assert.match(reason, message.reason);
      assert.doesNotMatch(reason, /\n\s+at /, 'no stack trace');
      // … and as bytes (a client that hands the codec the answer's bytes).
      const fromBytes = codecReason(asBytes(message));
      assert.ok(fromBytes !== undefined, 'refused as bytes too');
      assert.match(fromBytes, message.reason);
    });
  }

  for (const message of hostileCorpus.filter((entry) => entry.refusedBy === 'intake')) {
    void test(`${message.name}: ${message.description} — read by the codec, but it names no order to route to`, () => {
      const document = parseInboundDocument(receivedText(message.body));
      const buyer = document.kind === 'StatusMessage' ? document.buyerPartyId : document.buyer.id;
      assert.equal(buyer, undefined, 'the intake needs the buyer party id to find the order');
    });
  }
});
