/* MONALISA — formations. No framework and no third party. Every page works without this script; it adds live seats,
   the live quote, trainee rows, checks that show the server's own French messages, JSON submission and status pages. */
(() => {
  'use strict';
  const api = document.querySelector('meta[name="monalisa-api"]')?.content || '';
  const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
  const contract = JSON.parse(document.getElementById('form-messages')?.textContent || '{"messages":{},"limits":{}}');
  const M = contract.messages, L = contract.limits;
  const NETWORK = 'Le service ne répond pas pour le moment : votre demande n’a pas été enregistrée. Réessayez dans quelques minutes ou écrivez-nous (adresse en bas de page).';
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
  // Optional parts are written `cond ? part : null` (or `cond && part`): append and replaceChildren would print
  // « null », « undefined » or « false » as text, so every child list goes through `present`.
  const present = children => children.filter(c => c !== null && c !== undefined && c !== false);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    node.append(...present(children));
    return node;
  };
  const fill = (node, ...children) => node.replaceChildren(...present(children));
  const plural = (n, one, many) => `${n} ${n > 1 ? many : one}`;
  const getJson = async url => {
    const r = await fetch(url, { headers: { Accept: 'application/json' } });
    if (!r.ok) throw new Error(String(r.status));
    return r.json();
  };
  const uuid = () => crypto.randomUUID ? crypto.randomUUID()
    : ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, c => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));
  // A quote line as the API gives it. Inter: so many trainees at a category's rate. Intra: one flat rate per day for
  // the group, so the days are what is counted (« Session intra : 2 jours × 1 500 € »), never « 1 × … ».
  const lineText = l => l.category === 'intra'
    ? `${l.label} : ${plural(l.days, 'jour', 'jours')} × ${euros.format(l.unitPricePerDay)}`
    : `${l.quantity} × ${l.label}`;
  const dateRange = (start, end) => start === end ? day.format(new Date(start)) : `du ${day.format(new Date(start))} au ${day.format(new Date(end))}`;

  // Live seats on the course and enrolment pages.
  const seatsLabel = s => ({
    open: s.seatsLeft === 1 ? '1 place restante' : `${s.seatsLeft} places restantes`,
    full: 'Complet (liste d’attente possible)', closed: 'Inscriptions closes', past: 'Session passée',
  })[s.status] || '';
  async function liveSeats(container) {
    let sessions;
    try { sessions = await getJson(`${api}/api/sessions?course=${encodeURIComponent(container.dataset.sessionsCourse)}`); } catch { return; }
    for (const s of sessions) {
      const row = container.querySelector(`[data-session-id="${CSS.escape(s.id)}"]`);
      if (!row) continue;
      const cell = row.querySelector('[data-seats]');
      if (cell) { cell.textContent = seatsLabel(s); cell.dataset.seatsLeft = s.seatsLeft; }
      const link = row.querySelector('[data-enrol-link]');
      if (link && (s.status === 'closed' || s.status === 'past')) link.hidden = true;
    }
  }

  // Errors: one message per field next to it (aria-describedby) and a summary at the top that links to each field.
  function fieldFor(form, name) {
    const f = form.elements.namedItem(name);
    return f instanceof RadioNodeList ? f[0] : f;
  }
  function clearErrors(form) {
    for (const p of $$('.field-error', form)) {
      const owner = form.querySelector(`[aria-describedby~="${p.id}"]`);
      if (owner) {
        const rest = owner.getAttribute('aria-describedby').split(' ').filter(x => x !== p.id).join(' ');
        rest ? owner.setAttribute('aria-describedby', rest) : owner.removeAttribute('aria-describedby');
        owner.removeAttribute('aria-invalid');
      }
      p.remove();
    }
    const summary = document.getElementById('error-summary');
    summary.hidden = true;
    summary.querySelector('ul').replaceChildren();
  }
  // In the summary, far from the fields, each message says whose field it is: « Stagiaire 2 : adresse e-mail
  // invalide… », « Payeur : … ». Next to the field, inside that trainee's box, the message alone is enough.
  function whose(name, message) {
    const trainee = /^trainees\[(\d+)\]\./.exec(name);
    const who = trainee ? `Stagiaire ${Number(trainee[1]) + 1}` : name.startsWith('payer.') ? 'Payeur' : '';
    if (!who) return message;
    return `${who} : ${/^\p{Lu}\p{Ll}/u.test(message) ? message[0].toLowerCase() + message.slice(1) : message}`;
  }
  function showErrors(form, errors) {
    clearErrors(form);
    const summary = document.getElementById('error-summary');
    const list = summary.querySelector('ul');
    const seen = new Set();
    for (const [name, message] of errors) {
      const field = fieldFor(form, name);
      let target = field ? field.id : '';
      if (field && !seen.has(name)) {
        seen.add(name);
        const radio = field.type === 'radio';
        const owner = radio ? field.closest('fieldset') : field;
        const id = `${owner.id || field.id}-error`;
        const p = el('p', { class: 'field-error', id }, message);
        if (radio) owner.querySelector('legend').after(p);
        else if (field.type === 'checkbox') field.closest('.choice').before(p);
        else field.before(p);
        owner.setAttribute('aria-describedby', `${id} ${owner.getAttribute('aria-describedby') || ''}`.trim());
        if (!radio) field.setAttribute('aria-invalid', 'true');
      } else if (field) {
        const p = document.getElementById(`${(field.type === 'radio' ? field.closest('fieldset') : field).id}-error`);
        if (p && !p.textContent.includes(message)) p.textContent += ' ' + message;
      } else {
        target = form.querySelector('[data-trainee] input, input:not([type=hidden])')?.id || '';
      }
      const link = el('a', { href: `#${target}` }, whose(name, message));
      link.addEventListener('click', e => { e.preventDefault(); document.getElementById(target)?.focus(); });
      list.append(el('li', {}, link));
    }
    summary.hidden = false;
    summary.focus();
  }
  function showStatus(text, ...extra) {
    const status = document.getElementById('form-status');
    fill(status, text, ...extra);
    status.hidden = false;
  }

  const value = (form, name) => (form.elements.namedItem(name)?.value || '').trim();
  const checked = (form, name) => !!form.elements.namedItem(name)?.checked;
  const emailOk = v => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
  const phoneOk = v => /^[0-9 +.-]+$/.test(v) && v.replace(/\D/g, '').length >= 6;
  function checkLength(form, errors) {
    for (const f of $$('input[maxlength], textarea[maxlength]', form))
      if (f.value.length > Number(f.maxLength)) errors.push([f.name, M.TooLong]);
  }

  // The enrolment form.
  function traineeRows(form) { return $$('[data-trainee]', form); }
  function renumber(form) {
    const rows = traineeRows(form);
    rows.forEach((row, i) => {
      row.querySelector('[data-trainee-number]').textContent = String(i + 1);
      row.querySelector('legend').lastChild.nodeType === 3 && (row.querySelector('legend').lastChild.textContent = '');
      for (const node of $$('[name],[id],[for],[aria-describedby]', row)) {
        for (const attr of ['name', 'id', 'for', 'aria-describedby']) {
          const v = node.getAttribute(attr);
          if (v) node.setAttribute(attr, v.replace(/trainees\[\d+\]/g, `trainees[${i}]`).replace(/\bt\d+-/g, `t${i}-`));
        }
      }
      row.querySelector('[data-remove-trainee]').hidden = rows.length === 1;
    });
    const add = form.querySelector('[data-add-trainee]');
    add.hidden = rows.length >= L.MaxTraineesPerEnrolment;
  }
  function rowIsEmpty(row) {
    return $$('input', row).every(i => (i.type === 'radio' || i.type === 'checkbox' ? !i.checked : i.value.trim() === ''));
  }
  let quoteTimer = 0;
  function scheduleQuote(form) { clearTimeout(quoteTimer); quoteTimer = setTimeout(() => liveQuote(form), 150); }
  async function liveQuote(form) {
    const box = form.querySelector('[data-quote]');
    const rows = traineeRows(form);
    const cat = rows.map((r, i) => value(form, `trainees[${i}].category`));
    const professional = cat.filter(c => c === 'professional').length, volunteer = cat.filter(c => c === 'volunteer').length;
    box.hidden = false;
    if (professional + volunteer === 0) { fill(box, el('p', {}, 'Choisissez la catégorie de chaque stagiaire pour voir le montant.')); return; }
    try {
      const q = await getJson(`${api}/api/quote?course=${encodeURIComponent(form.dataset.course)}&mode=inter&professional=${professional}&volunteer=${volunteer}`);
      fill(box,
        el('ul', { class: 'plain' }, ...q.lines.map(l => el('li', {}, `${lineText(l)} : ${euros.format(l.amount)}`))),
        el('p', { class: 'total' }, `Total : ${euros.format(q.total)}`),
        rows.length > cat.filter(Boolean).length ? el('p', { class: 'hint' }, 'Les stagiaires sans catégorie ne sont pas comptés.') : null);
    } catch { fill(box, el('p', {}, 'Le montant sera calculé à l’envoi du formulaire.')); }
  }
  function validateEnrolment(form) {
    const errors = [];
    const rows = traineeRows(form);
    if (rows.length > L.MaxTraineesPerEnrolment) errors.push(['trainees', M.TooManyTrainees]);
    const emails = new Set();
    rows.forEach((row, i) => {
      const f = n => `trainees[${i}].${n}`;
      if (!value(form, f('firstName'))) errors.push([f('firstName'), M.FirstNameRequired]);
      if (!value(form, f('lastName'))) errors.push([f('lastName'), M.LastNameRequired]);
      const email = value(form, f('email')).toLowerCase();
      if (!email) errors.push([f('email'), M.EmailRequired]);
      else if (!emailOk(email)) errors.push([f('email'), M.EmailInvalid]);
      else if (emails.has(email)) errors.push([f('email'), M.EmailDuplicate]);
      emails.add(email);
      const phone = value(form, f('phone'));
      if (phone && !phoneOk(phone)) errors.push([f('phone'), M.PhoneInvalid]);
      if (!value(form, f('category'))) errors.push([f('category'), M.CategoryRequired]);
      else if (value(form, f('category')) === 'volunteer') {
        if (!value(form, f('volunteerAssociation'))) errors.push([f('volunteerAssociation'), M.VolunteerAssociationRequired]);
        if (!checked(form, f('volunteerDeclared'))) errors.push([f('volunteerDeclared'), M.VolunteerDeclarationRequired]);
      }
    });
    const kind = value(form, 'payer.kind'), method = value(form, 'paymentMethod');
    if (!kind) errors.push(['payer.kind', M.PayerKindRequired]);
    if (kind === 'individual') validateSelfFundedPayer(form, errors);
    else {
    if (!value(form, 'payer.name')) errors.push(['payer.name', M.PayerNameRequired]);
    const payerEmail = value(form, 'payer.email');
    if (!payerEmail) errors.push(['payer.email', M.PayerEmailRequired]);
    else if (!emailOk(payerEmail)) errors.push(['payer.email', M.EmailInvalid]);
    if (!value(form, 'payer.address')) errors.push(['payer.address', M.PayerAddressRequired]);
    const siret = value(form, 'payer.siret').replace(/\s/g, '');
    if (siret && !/^\d{14}$/.test(siret)) errors.push(['payer.siret', M.SiretInvalid]);
    if (kind === 'public') validatePublicBody(form, siret, method, errors);
    }
    if (!method) errors.push(['paymentMethod', M.PaymentMethodRequired]);
    else if (kind === 'individual' && method === 'invoice') errors.push(['paymentMethod', M.InvoiceForOrganisationsOnly]);
    else if (kind === 'individual' && method === 'card') {
      if (selfFundedClosed(form)) errors.push(['payer.kind', M.SelfFundedTooSoon]);
      if (!value(form, 'contractVersion')) errors.push(['contractAccepted', M.ContractNotShown]);
      else if (!checked(form, 'contractAccepted')) errors.push(['contractAccepted', M.ContractAcceptanceRequired]);
      if (traineeRows(form).filter(r => [...r.querySelectorAll('input:not([type=radio]):not([type=checkbox])')].some(i => i.value.trim())).length > 1) errors.push(['trainees', M.SelfFundedOneTrainee]);
    }
    if (!checked(form, 'prerequisitesConfirmed')) errors.push(['prerequisitesConfirmed', M.PrerequisitesRequired]);
    if (!checked(form, 'consent')) errors.push(['consent', M.ConsentRequired]);
    checkLength(form, errors);
    return errors;
  }
  // Online self-funded enrolment closes 12 days before the session (the page may be older than today): Paris date.
  function selfFundedClosed(form) {
    const notice = form.querySelector('[data-self-funded-closed]');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    return !!notice && !!notice.dataset.lastDay && today > notice.dataset.lastDay;
  }
  // Self-funded (« le stagiaire lui-même »): the trainee is the payer. No organisation, SIRET, purchase order or invoice
  // applies; their postal address is asked for, and the contract, written by the API for this person, is shown to accept.
  const selfFunded = form => value(form, 'payer.kind') === 'individual';
  function validateSelfFundedPayer(form, errors) {
    if (!value(form, 'payer.street')) errors.push(['payer.street', M.StreetRequired]);
    const postalCode = value(form, 'payer.postalCode').replace(/\s/g, '');
    if (!postalCode) errors.push(['payer.postalCode', M.PostalCodeRequired]);
    else if (!/^\d{5}$/.test(postalCode)) errors.push(['payer.postalCode', M.PostalCodeInvalid]);
    if (!value(form, 'payer.city')) errors.push(['payer.city', M.CityRequired]);
  }
  // A public body (« organisme public »): invoiced through Chorus Pro, so its SIRET is required and the codes its directory
  // entry requires are asked for (GET /api/chorus/structures/{siret}); the server asks the directory again on submit.
  let chorusStructure = null, chorusAsked = '';
  function validatePublicBody(form, siret, method, errors) {
    if (!siret) errors.push(['payer.siret', M.PublicBodySiretRequired]);
    if (method === 'card') errors.push(['paymentMethod', M.PublicBodyInvoiceOnly]);
    const s = chorusStructure && chorusStructure.siret === siret ? chorusStructure : null;
    if (!s) return;
    if (s.unknown) { errors.push(['payer.siret', M.PublicBodySiretUnknown]); return; }
    const service = !!value(form, 'payer.serviceCode'), commitment = !!value(form, 'payer.commitmentNumber');
    if (s.serviceCodeOrCommitment) { if (!service && !commitment) errors.push(['payer.serviceCode', M.ServiceCodeOrCommitmentRequired]); return; }
    if (s.serviceCodeRequired && !service) errors.push(['payer.serviceCode', M.ServiceCodeRequired]);
    if (s.commitmentNumberRequired && !commitment) errors.push(['payer.commitmentNumber', M.CommitmentNumberRequired]);
  }
  function setUpPublicBody(form) {
    const block = form.querySelector('[data-public-only]');
    if (!block) return;
    const line = block.querySelector('[data-chorus-structure]');
    const lookUp = async () => {
      const siret = value(form, 'payer.siret').replace(/\s/g, '');
      if (value(form, 'payer.kind') !== 'public' || !/^\d{14}$/.test(siret) || siret === chorusAsked) return;
      chorusAsked = siret;
      try {
        const r = await fetch(`${api}/api/chorus/structures/${siret}`, { headers: { Accept: 'application/json' } });
        if (r.status === 400) { chorusStructure = { siret, unknown: true }; line.textContent = M.PublicBodySiretUnknown; return; }
        if (!r.ok) { chorusStructure = null; chorusAsked = ''; line.textContent = (await r.json().catch(() => ({}))).detail || ''; return; }
        const s = await r.json();
        chorusStructure = { siret, ...s };
        const asks = s.serviceCodeOrCommitment ? 'un code service ou un numéro d’engagement'
          : [s.serviceCodeRequired && 'un code service', s.commitmentNumberRequired && 'un numéro d’engagement'].filter(Boolean).join(' et ');
        line.textContent = `Chorus Pro : ${s.name}. ${asks ? `Ses factures doivent porter ${asks}.` : 'Aucun code n’est exigé.'}`;
        form.querySelector('#payer-serviceCode').required = !!s.serviceCodeRequired;
        form.querySelector('#payer-commitmentNumber').required = !!s.commitmentNumberRequired;
      } catch { chorusStructure = null; chorusAsked = ''; }
    };
    const toggle = () => {
      const isPublic = value(form, 'payer.kind') === 'public';
      block.hidden = !isPublic;
      const invoice = form.querySelector('#paymentMethod-invoice');
      if (isPublic && invoice && !invoice.checked) invoice.checked = true;
      if (isPublic) lookUp();
    };
    form.addEventListener('change', e => {
      if (e.target.name === 'payer.kind') toggle();
      if (e.target.name === 'payer.siret') lookUp();
    });
    toggle();
  }
  function payerJson(form) {
    const fields = selfFunded(form) ? ['kind', 'street', 'postalCode', 'city']
      : ['kind', 'name', 'email', 'address', 'siret', 'purchaseOrder', 'vatNumber', ...(value(form, 'payer.kind') === 'public' ? ['serviceCode', 'commitmentNumber'] : [])];
    return Object.fromEntries(fields.map(n => [n, value(form, `payer.${n}`)]));
  }
  function contractPersonJson(form) {
    return {
      sessionId: value(form, 'sessionId'),
      trainees: [Object.fromEntries(['firstName', 'lastName', 'category'].map(n => [n, value(form, `trainees[0].${n}`)]))],
      payer: payerJson(form),
    };
  }
  let contractTimer = 0, contractShown = '';
  function setUpSelfFunded(form) {
    const contract = form.querySelector('[data-contract]');
    if (!contract) return;
    const box = contract.querySelector('[data-contract-text]');
    const waiting = box.querySelector('[data-contract-waiting]');
    const invoice = form.querySelector('#paymentMethod-invoice');
    const toggle = () => {
      const self = selfFunded(form);
      for (const part of $$('[data-organisation-only]', form)) part.hidden = self;
      for (const part of $$('[data-self-funded-only]', form)) part.hidden = !self;
      if (self && invoice?.checked) invoice.checked = false;
      contract.hidden = !(self && value(form, 'paymentMethod') !== 'invoice');
    };
    // The contract names the person: asked again whenever their name, category or address changes. A changed text
    // must be accepted again, so the box is unticked.
    const refresh = async () => {
      const person = contractPersonJson(form);
      const key = JSON.stringify(person);
      if (!selfFunded(form) || key === contractShown) return;
      const ready = person.trainees[0].firstName && person.trainees[0].lastName && person.trainees[0].category
        && person.payer.street && person.payer.city && /^\d{5}$/.test(person.payer.postalCode.replace(/\s/g, ''));
      contractShown = key;
      hidden(form, 'contractVersion', '');
      form.elements.namedItem('contractAccepted').checked = false;
      if (!ready) { box.replaceChildren(box.querySelector('h3'), waiting); return; }
      let data;
      try {
        const r = await fetch(`${api}/api/contracts/preview`, {
          method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: key,
        });
        if (!r.ok) throw new Error(String(r.status));
        data = await r.json();
      } catch { contractShown = ''; box.replaceChildren(box.querySelector('h3'), waiting); return; }
      if (contractShown !== key) return;
      box.replaceChildren(el('h3', { id: 'contract-text-title' }, data.title),
        ...data.sections.flatMap(s => [el('h4', {}, s.heading), ...s.paragraphs.map(p => el('p', {}, p))]));
      hidden(form, 'contractVersion', data.sha256);
    };
    const schedule = () => { clearTimeout(contractTimer); contractTimer = setTimeout(refresh, 250); };
    form.addEventListener('change', e => {
      if (e.target.name === 'payer.kind' || e.target.name === 'paymentMethod') toggle();
      if (/^(trainees\[0\]\.(firstName|lastName|category)|payer\.(kind|street|postalCode|city))$/.test(e.target.name || '')) schedule();
    });
    form.addEventListener('input', e => {
      if (/^(trainees\[0\]\.(firstName|lastName)|payer\.(street|postalCode|city))$/.test(e.target.name || '')) schedule();
    });
    toggle();
    schedule();
  }
  function enrolmentJson(form, waitingList) {
    return {
      sessionId: value(form, 'sessionId'),
      trainees: traineeRows(form).map((_, i) => ({
        ...Object.fromEntries(['firstName', 'lastName', 'email', 'phone', 'organisation', 'jobTitle', 'category', 'volunteerAssociation']
          .map(n => [n, value(form, `trainees[${i}].${n}`)])),
        volunteerDeclared: checked(form, `trainees[${i}].volunteerDeclared`),
      })),
      payer: payerJson(form),
      paymentMethod: value(form, 'paymentMethod'),
      prerequisitesConfirmed: checked(form, 'prerequisitesConfirmed'),
      consent: checked(form, 'consent'),
      accessibilityNeeds: value(form, 'accessibilityNeeds'),
      website: form.elements.namedItem('website').value,
      formToken: value(form, 'formToken'),
      waitingList,
      contractAccepted: checked(form, 'contractAccepted'),
      contractVersion: value(form, 'contractVersion'),
    };
  }
  function intraJson(form) {
    const o = Object.fromEntries(['courseSlug', 'organisation', 'contactName', 'email', 'phone', 'periods', 'place', 'message'].map(n => [n, value(form, n)]));
    return { ...o, participants: Number(value(form, 'participants')), consent: checked(form, 'consent'), website: form.elements.namedItem('website').value, formToken: value(form, 'formToken') };
  }
  function validateIntra(form) {
    const errors = [];
    if (!value(form, 'organisation')) errors.push(['organisation', M.OrganisationRequired]);
    if (!value(form, 'contactName')) errors.push(['contactName', M.ContactNameRequired]);
    const email = value(form, 'email');
    if (!email) errors.push(['email', M.EmailRequired]);
    else if (!emailOk(email)) errors.push(['email', M.EmailInvalid]);
    const phone = value(form, 'phone');
    if (phone && !phoneOk(phone)) errors.push(['phone', M.PhoneInvalid]);
    const n = Number(value(form, 'participants'));
    if (!Number.isInteger(n) || n < 1 || n > L.MaxIntraParticipants) errors.push(['participants', M.ParticipantsInvalid]);
    if (!checked(form, 'consent')) errors.push(['consent', M.ConsentRequired]);
    checkLength(form, errors);
    return errors;
  }
  function hidden(form, name, v) {
    let input = form.elements.namedItem(name);
    if (!input) { input = el('input', { type: 'hidden', name }); form.append(input); }
    input.value = v;
  }
  const withToken = (page, data) => {
    const token = data.statusUrl ? new URL(data.statusUrl, location.href).searchParams.get('token') : null;
    return token ? `${page}?id=${encodeURIComponent(data.id)}&token=${encodeURIComponent(token)}` : page;
  };
  // The form token: handed out by the API (signed and dated, no cookie), posted with the form. The server takes a form
  // only once its token is a few seconds old; until then, or if it is missing or stale, it says so and this script
  // waits, takes a fresh one if needed and sends again by itself: nothing a person typed is lost.
  async function freshToken(form) {
    try {
      const t = await getJson(`${api}/api/form-token`);
      hidden(form, 'formToken', t.token);
      form.dataset.tokenWait = String(t.minimumSeconds);
    } catch { /* The server will say what to do. */ }
  }
  const sleep = seconds => new Promise(r => setTimeout(r, seconds * 1000));
  const problemType = data => String(data.type || '').split('/').pop();
  async function send(form, kind, waitingList = false, attempt = 0) {
    const button = form.querySelector('[type=submit]');
    button.disabled = true;
    showStatus(attempt ? 'Vérification de l’envoi…' : 'Envoi en cours…');
    if (waitingList && attempt === 0) { hidden(form, 'waitingList', 'true'); hidden(form, 'idempotencyKey', uuid()); }
    if (!value(form, 'formToken')) await freshToken(form);
    const body = kind === 'intra' ? intraJson(form) : enrolmentJson(form, waitingList);
    let response, data = {};
    try {
      response = await fetch(form.action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': value(form, 'idempotencyKey') },
        body: JSON.stringify(body),
      });
      data = await response.json().catch(() => ({}));
    } catch {
      button.disabled = false;
      showStatus(NETWORK);
      return;
    }
    // Sent too soon after the page was shown, or with no valid token: nothing was stored, so the same request (same
    // key) goes again, after the wait the server asks for. A few times at most, then the server's message is shown.
    const type = problemType(data);
    if (attempt < 3 && response.status === 429 && type === 'envoi-trop-rapide') {
      await sleep(Number(response.headers.get('Retry-After')) || data.retryAfter || 3);
      return send(form, kind, waitingList, attempt + 1);
    }
    if (attempt < 3 && response.status === 400 && type === 'formulaire-a-renvoyer') {
      // A hidden field a browser's autofill may have filled: emptied, since a person is sending this.
      if (data.reason === 'honeypot') form.elements.namedItem('website').value = '';
      await freshToken(form);
      await sleep(Number(form.dataset.tokenWait || 3) + 0.2);
      return send(form, kind, waitingList, attempt + 1);
    }
    button.disabled = false;
    // A refused request is final: the corrected form is a new request, with a new key (the same key with another
    // body is refused as a reuse). After a network failure the key stays, so a retry cannot enrol twice.
    if (response.status >= 400 && response.status < 500) hidden(form, 'idempotencyKey', uuid());
    const received = kind === 'intra' ? '/demande-intra/recue/' : '/inscription/enregistree/';
    if (response.status === 201) {
      if (data.checkoutUrl) { location.assign(data.checkoutUrl); return; }
      const page = kind === 'intra' ? received
        : ({ waitingList: '/inscription/liste-attente/', confirmed: '/inscription/confirmee/' })[data.status] || received;
      location.assign(withToken(page, data));
    } else if (response.status === 202) {
      location.assign(received);
    } else if (response.status === 400 || (response.status === 409 && data.errors)) {
      // 409 with field errors (an address already enrolled) is for the form to fix, not a full session.
      document.getElementById('form-status').hidden = true;
      const errors = Object.entries(data.errors || {}).flatMap(([k, msgs]) => msgs.map(m => [k, m]));
      showErrors(form, errors.length ? errors : [['', data.detail || data.title || NETWORK]]);
    } else if (response.status === 409 && kind === 'enrolment' && type !== 'plafond-de-places') {
      const join = el('button', { type: 'button', class: 'button' }, 'M’inscrire sur la liste d’attente');
      join.addEventListener('click', () => send(form, kind, true));
      showStatus(el('span', {}, `${data.detail || data.title || ''} `), join);
      join.focus();
    } else {
      showStatus(data.detail ? `${data.detail}` : NETWORK);
    }
  }
  function setUpForm(form) {
    const kind = form.dataset.form;
    form.noValidate = true;
    freshToken(form);
    hidden(form, 'idempotencyKey', uuid());
    if (kind === 'enrolment') {
      const rows = traineeRows(form);
      rows.slice(1).forEach(r => rowIsEmpty(r) && r.remove());
      for (const p of $$('[data-trainee] legend', form)) p.lastChild.nodeType === 3 && (p.lastChild.textContent = '');
      const add = form.querySelector('[data-add-trainee]');
      add.addEventListener('click', () => {
        const rows = traineeRows(form);
        if (rows.length >= L.MaxTraineesPerEnrolment) return;
        const copy = rows[0].cloneNode(true);
        for (const i of $$('input', copy)) { i.type === 'radio' || i.type === 'checkbox' ? (i.checked = false) : (i.value = ''); i.removeAttribute('aria-invalid'); }
        for (const p of $$('.field-error', copy)) p.remove();
        rows[rows.length - 1].after(copy);
        renumber(form);
        copy.querySelector('input').focus();
        scheduleQuote(form);
      });
      form.addEventListener('click', e => {
        const remove = e.target.closest('[data-remove-trainee]');
        if (!remove) return;
        remove.closest('[data-trainee]').remove();
        renumber(form);
        add.focus();
        scheduleQuote(form);
      });
      // A volunteer's declaration is asked for in that trainee's row only.
      const volunteers = () => traineeRows(form).forEach(row => {
        const box = row.querySelector('[data-volunteer]');
        if (box) box.hidden = row.querySelector('input[value=volunteer]')?.checked !== true;
      });
      form.addEventListener('change', e => { if (e.target.name?.endsWith('.category')) { volunteers(); scheduleQuote(form); } });
      add.addEventListener('click', volunteers);
      volunteers();
      const closed = form.querySelector('[data-self-funded-closed]');
      if (closed) closed.hidden = !selfFundedClosed(form);
      // The contract is for self-funded trainees: shown once « le stagiaire lui-même » and card are chosen.
      setUpSelfFunded(form);
      setUpPublicBody(form);
      renumber(form);
      scheduleQuote(form);
    }
    form.addEventListener('submit', e => {
      e.preventDefault();
      const errors = kind === 'intra' ? validateIntra(form) : validateEnrolment(form);
      if (errors.length) { showErrors(form, errors); return; }
      clearErrors(form);
      send(form, kind);
    });
  }

  // Confirmation pages: the enrolment or intra request, read through the API with its token.
  async function statusPage(root) {
    const q = new URLSearchParams(location.search);
    const id = q.get('id'), token = q.get('token');
    if (!id || !token) return;
    const intra = root.dataset.statusPage === 'intra';
    const url = `${api}/api/${intra ? 'intra-requests' : 'enrolments'}/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
    for (let attempt = 0; attempt < 8; attempt++) {
      let data;
      try { data = await getJson(url); } catch { return; }
      renderStatus(root, data, intra);
      // The payment webhook may land a moment after the visitor comes back from the payment page.
      if (!(root.dataset.expect === 'confirmed' && data.status === 'pendingPayment')) return;
      await new Promise(r => setTimeout(r, 1500));
    }
  }
  function linesTable(lines, total) {
    return el('table', {},
      el('caption', {}, 'Détail du montant'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Ligne'), el('th', { scope: 'col' }, 'Montant'))),
      el('tbody', {}, ...lines.map(l => el('tr', {}, el('th', { scope: 'row' }, lineText(l)), el('td', {}, euros.format(l.amount)))),
        el('tr', {}, el('th', { scope: 'row' }, 'Total'), el('td', {}, euros.format(total)))));
  }
  // How the status box looks: green only for a done deal; waiting for money in amber; anything else neutral.
  const TONES = { received: 'ok', confirmed: 'ok', partlyPaid: 'ok', contractSigned: 'ok', awaitingInvoice: 'ok',
    pendingPayment: 'wait', instalmentOverdue: 'wait', paidNoSeat: 'wait', refundPending: 'wait' };
  // Self-funded, card saved: no invoice is sent; the trainee is charged by instalments, after the withdrawal period.
  function selfFundedStatus(root, data, parts) {
    const lead = root.querySelector('[data-status-title]');
    if (lead) lead.textContent = 'Merci, votre carte est enregistrée et votre place est réservée. Rien n’est débité pendant le délai de rétractation ; votre contrat et cet échéancier vous sont envoyés par e-mail.';
    parts.push(el('table', { 'data-instalments': '' },
      el('caption', {}, 'Échéancier de paiement'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Échéance'), el('th', { scope: 'col' }, 'Date de prélèvement'), el('th', { scope: 'col' }, 'Montant'))),
      el('tbody', {}, ...data.instalments.map(i => el('tr', {},
        el('th', { scope: 'row' }, i.number === 1 && data.instalments.length > 1 ? 'Premier versement' : (data.instalments.length > 1 ? 'Solde' : 'Versement unique')),
        el('td', {}, day.format(new Date(`${i.dueOn}T12:00:00`))), el('td', {}, euros.format(i.amount)))))));
  }
  function renderStatus(root, data, intra) {
    const box = root.querySelector('[data-status]');
    const confirmed = !intra && data.status === 'confirmed';
    // A page may word a state its own way (data-title-pending-payment on the cancelled page), and shows the lead
    // sentences written for the state reached (data-status-lead="pendingPayment"): « Nous vérifions » goes once confirmed.
    const status = String(data.status || (intra ? 'received' : ''));
    const own = box.dataset[`title${status.charAt(0).toUpperCase()}${status.slice(1)}`];
    const title = own || (confirmed ? 'Inscription confirmée' : (data.statusLabel || ''));
    for (const lead of $$('[data-status-lead]', root)) lead.hidden = !lead.dataset.statusLead.split(' ').includes(status);
    box.dataset.tone = TONES[status] || 'neutral';
    const parts = [title ? el('p', { class: 'status-title' }, title) : null];
    if (intra) {
      parts.push(el('p', {}, `${data.organisation} — ${plural(data.participants, 'participant', 'participants')}`));
    } else {
      if (data.course) parts.push(el('p', {}, el('strong', {}, data.course.title)));
      if (data.session) parts.push(el('p', {}, `Session ${dateRange(data.session.start, data.session.end)}, ${data.session.city} — ${data.session.venue}`));
      // Read exactly by the API for this page: the visitor sees their own places counted, whatever the course page showed.
      if (Number.isInteger(data.session?.seatsLeft)) parts.push(el('p', { 'data-session-seats': '' }, data.session.seatsLeft === 0
        ? 'La session est maintenant complète.' : `Il reste ${plural(data.session.seatsLeft, 'place', 'places')} sur cette session.`));
      if (data.trainees?.length) parts.push(el('ul', {}, ...data.trainees.map(t => el('li', {}, `${t.firstName} ${t.lastName}`))));
    }
    if (data.lines?.length) parts.push(linesTable(data.lines, data.total));
    if (!intra && data.instalments?.length) selfFundedStatus(root, data, parts);
    if (!intra && data.checkoutUrl && data.status === 'pendingPayment' && root.dataset.expect !== 'confirmed')
      parts.push(el('p', {}, el('a', { class: 'button', href: data.checkoutUrl }, 'Reprendre le paiement')));
    fill(box, ...parts);
    box.hidden = false;
  }

  $$('[data-sessions-course]').forEach(liveSeats);
  $$('form[data-form]').forEach(setUpForm);
  $$('[data-status-page]').forEach(statusPage);

  // Attendance: the trainer's page shows the room's code, which changes every minute; fetched again every 10 seconds
  // (the page's « Rafraîchir le code » link does it without script).
  function attendanceCode(box) {
    const refresh = async () => {
      try {
        const r = await fetch(box.dataset.codeUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!r.ok) return;
        const data = await r.json();
        box.textContent = data.code || '—';
      } catch { /* offline: the code on screen stays until the next try */ }
    };
    setInterval(refresh, 10000);
  }
  $$('[data-attendance-code]').forEach(attendanceCode);
})();
