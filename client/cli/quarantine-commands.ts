import type { Command } from 'commander';
import type { InboundValidation } from '../../activities/intake/intake-activities';
import type { Settings } from '../../config/settings';
import { MessageArchive } from '../../db/message-archive';
import { Libxml2XsdValidator } from '../../ubl/libxml2-validator';
import { withRecoveryContext } from './recovery-context';
import {
  discardQuarantined,
  formatQuarantined,
  reprocessQuarantined,
  showQuarantined,
} from '../recovery/quarantine';
import { formatTable } from './text-table';

/**
 * `jakamo-so quarantine`: the messages the intake could not hand to an order, with their reasons;
 * `show <id>` one of them with its content, `reprocess <id>` after the cause was fixed, `discard
 * <id> --reason` when it is not needed (docs/operations.md, "Recovery").
 */
export function registerQuarantineCommands(program: Command): void {
  const quarantine = program
    .command('quarantine')
    .description(
      'Messages that could not be parsed or routed, with their reasons (show | reprocess | discard)',
    )
    .option('--all', 'also the messages already reprocessed or discarded')
    .action((options: { all?: boolean }) =>
      withRecoveryContext(async (context) => {
        const archive = new MessageArchive(context.db);
        const messages = options.all
          ? await archive.listQuarantined(context.integration)
          : await archive.listOpenQuarantine(context.integration);
        if (messages.length === 0) {
          console.log('No quarantined messages.');
          return;
        }
        console.log(
          formatTable(
            messages.map((message) => [
              message.first_received_at,
              message.sha256.slice(0, 12),
              message.resolution ?? message.root_element ?? '-',
              message.error ?? '',
            ]),
            '',
          ).join('\n'),
        );
      }),
    );

  quarantine
    .command('show')
    .argument('<id>', 'the message id (its sha256, or the first 12 characters `quarantine` lists)')
    .description(
      'The message: why it was quarantined, where it would go, what was done about it, its content',
    )
    .action((id: string) =>
      withRecoveryContext(async (context) => {
        console.log(formatQuarantined(await showQuarantined(context, id)));
      }),
    );

  quarantine
    .command('reprocess')
    .argument('<id>', 'the message id')
    .option('--reason <text>', 'what was fixed (kept with the message)')
    .description("After a fix: hand the message to its order through the intake's normal path")
    .action((id: string, options: { reason?: string }) =>
      withRecoveryContext(async (context, settings) => {
        const validation = inboundValidationOf(settings);
        try {
          const result = await reprocessQuarantined(context, id, {
            reason: options.reason,
            ...(validation === undefined ? {} : { inboundValidation: validation.inbound }),
          });
          console.log(`Reprocessed: the ${result.kind} ${result.id.slice(0, 12)} went to ${result.orderKey}`);
        } finally {
          validation?.dispose();
        }
      }),
    );

  quarantine
    .command('discard')
    .argument('<id>', 'the message id')
    .option('--reason <text>', 'why the message is not needed (required)')
    .description('Close a quarantined message that is not needed; the reason is kept with it')
    .action((id: string, options: { reason?: string }) =>
      withRecoveryContext(async (context) => {
        const result = await discardQuarantined(context, id, { reason: options.reason });
        console.log(`Discarded: ${result.id.slice(0, 12)}`);
      }),
    );
}

/** The intake's inbound validation (UBL_INBOUND_VALIDATION), when schemas are there. */
function inboundValidationOf(
  settings: Settings,
): { inbound: InboundValidation; dispose: () => void } | undefined {
  if (settings.ublInboundValidation === 'off' || settings.ublSchemaDir === undefined) return undefined;
  const validator = new Libxml2XsdValidator(settings.ublSchemaDir);
  return {
    inbound: { mode: settings.ublInboundValidation, validator },
    dispose: () => validator.dispose(),
  };
}
