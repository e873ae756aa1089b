// The rating form of the server-rendered tracking page (/track/{code}?s=…): sends the score and
// the comment as JSON to POST /api/v1/public/dossiers/{code}/rating?secret=…, then says thank you;
// errors are shown beside the choices. Kept apart from the application: this page loads nothing
// else.
const form = document.getElementById('rating-form');
const RATING = { very_satisfied: 'Rất hài lòng', satisfied: 'Hài lòng', unsatisfied: 'Không hài lòng' };

function showError(msg) {
  const el = document.getElementById('score-error');
  el.replaceChildren();
  if (!msg) { el.hidden = true; return; }
  const hidden = document.createElement('span');
  hidden.className = 'visually-hidden';
  hidden.textContent = 'Lỗi: ';
  el.append(hidden, msg.charAt(0).toUpperCase() + msg.slice(1));
  el.hidden = false;
  el.closest('.form-group').classList.add('form-group--error');
}

if (form) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const score = form.querySelector('input[name=score]:checked');
    const comment = form.querySelector('#comment').value.trim();
    if (!score) { showError('Chọn một mức độ hài lòng'); form.querySelector('input[name=score]').focus(); return; }
    const secret = new URLSearchParams(location.search).get('s') || '';
    const body = { score: score.value };
    if (comment) body.comment = comment;
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const res = await fetch(`/api/v1/public/dossiers/${encodeURIComponent(form.dataset.code)}/rating?secret=${encodeURIComponent(secret)}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body),
      });
      const j = await res.json().catch(() => ({}));
      if (!res.ok) {
        const fe = Array.isArray(j.errors) ? j.errors[0] : null;
        showError((fe && fe.message_vi) || j.detail_vi || 'không gửi được đánh giá, vui lòng thử lại');
        return;
      }
      const done = document.createElement('p');
      done.className = 'rating';
      done.id = 'rating-done';
      done.setAttribute('role', 'status');
      done.textContent = `Cảm ơn bạn. Bạn đã đánh giá: ${RATING[j.score] || j.score}`;
      form.replaceWith(done);
    } catch {
      showError('không kết nối được máy chủ, vui lòng thử lại');
    } finally {
      button.disabled = false;
    }
  });
}
