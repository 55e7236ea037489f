// Trigger the abandoned-cart flow for a user, and force-send (never bypasses consent).
import { h, clear, $, busy } from './dom.js';
import { post } from './api.js';
import { toast } from './toast.js';
import { fillTemplateSelect } from './templatelist.js';
import { label } from './shared.js';

const USER_ID = /^[A-Za-z0-9._:@-]{1,100}$/;
let root;

function mount(section) {
  root = section;
  $('#trigger-form', root).addEventListener('submit', trigger);
  $('#force-form', root).addEventListener('submit', forceSend);
}

function refusal(e) {
  return h('div', { class: 'outcome outcome--bad', dataset: { outcome: 'refused', reason: e.reason || '' } },
    h('strong', { text: e.status === 409 || e.status === 403 ? 'Refused' : 'Failed' }),
    e.reason ? h('span', { class: 'badge badge--bad', text: label(e.reason) }) : null,
    h('p', { text: e.message }));
}

async function trigger(event) {
  event.preventDefault();
  const input = $('#trigger-user', root);
  const result = $('#trigger-result', root);
  const userId = input.value.trim();
  if (!USER_ID.test(userId)) {
    clear(result, h('p', { class: 'form-error', text: 'Enter a user id (u-…).' }));
    input.focus();
    return;
  }
  await busy(event.submitter, async () => {
    try {
      const answer = await post('/api/v1/admin/flows/abandoned-cart/trigger', { userId });
      const sent = answer?.outcome === 'SEND';
      clear(result, h('div', { class: `outcome ${sent ? 'outcome--good' : 'outcome--warn'}`, dataset: { outcome: answer?.outcome || '' } },
        h('strong', { text: answer?.outcome || 'Accepted' }),
        answer?.reason ? h('span', { class: 'badge', text: label(answer.reason) }) : null,
        answer?.explanation ? h('p', { text: answer.explanation }) : null,
        h('dl', { class: 'facts' },
          h('dt', { text: 'Decision' }), h('dd', { class: 'mono', text: answer?.decisionId || '–' }),
          answer?.channelPlan ? [h('dt', { text: 'Channel plan' }), h('dd', { text: answer.channelPlan.join(' → ') })] : null,
          answer?.messageId ? [h('dt', { text: 'Message' }), h('dd', {},
            h('a', { class: 'mono', href: `#logs?message=${encodeURIComponent(answer.messageId)}`, text: answer.messageId }))] : null)));
      toast(sent ? 'Abandoned-cart message decided: sending.' : `Decided ${answer?.outcome || ''}: ${label(answer?.reason) || 'see result'}.`,
        sent ? 'success' : 'info');
    } catch (e) {
      clear(result, refusal(e));
      toast(`Trigger refused: ${e.message}`, 'error');
    }
  });
}

async function forceSend(event) {
  event.preventDefault();
  const result = $('#force-result', root);
  const body = {
    userId: $('#force-user', root).value.trim(),
    templateId: $('#force-template', root).value,
    productId: $('#force-product', root).value.trim(),
  };
  const channel = $('#force-channel', root).value;
  if (channel) body.channel = channel;
  if (!USER_ID.test(body.userId) || !body.templateId || !body.productId) {
    clear(result, h('p', { class: 'form-error', text: 'User id, template and product id are required.' }));
    return;
  }
  await busy(event.submitter, async () => {
    try {
      const answer = await post('/api/v1/admin/messages/force-send', body);
      clear(result, h('div', { class: 'outcome outcome--good', dataset: { outcome: 'sent' } },
        h('strong', { text: 'Sending' }),
        h('p', {}, 'Message ', h('a', { class: 'mono', href: `#logs?message=${encodeURIComponent(answer?.messageId || '')}`, text: answer?.messageId || '' }))));
      toast('Force-send accepted.', 'success');
    } catch (e) {
      clear(result, refusal(e));
      toast(`Force-send refused: ${e.message}`, 'error');
    }
  });
}

export default { mount, show() { fillTemplateSelect($('#force-template', root)); } };
