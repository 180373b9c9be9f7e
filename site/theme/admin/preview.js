// The editor's preview (Decap CMS, /admin/): the site's own stylesheets, and a course drawn with the course page's
// classes (site/theme/_course.liquid), so that staff see their text close to the published page. No inline script:
// the stylesheet addresses come from this tag's data-styles attribute, written by the generator.
(function () {
  'use strict';
  var CMS = window.CMS;
  var h = window.h;
  var script = document.currentScript;
  (script.getAttribute('data-styles') || '').split(' ').forEach(function (url) {
    if (url) CMS.registerPreviewStyle(url);
  });

  function list(value) {
    return value && value.toJS ? value.toJS() : (value || []);
  }

  function frenchDate(text) {
    if (!text) return '';
    var parts = String(text).split('-');
    return parts.length === 3 ? parts[2] + '/' + parts[1] + '/' + parts[0] : String(text);
  }

  function CoursePreview(props) {
    var entry = props.entry;
    var get = function (key) { return entry.getIn(['data', key]); };
    var sessions = list(get('Sessions'));
    var objectives = list(get('Objectives'));
    return h('article', { className: 'course' },
      h('header', { className: 'course-head' },
        h('div', { className: 'wrap' },
          h('p', { className: 'kicker' }, 'Formation'),
          h('h1', null, get('Title')),
          h('p', { className: 'lead' }, get('Subtitle')))),
      h('div', { className: 'wrap course-body' },
        h('section', null, h('div', { className: 'prose' }, props.widgetFor('body'))),
        h('section', null,
          h('h2', null, 'Objectifs'),
          h('ul', null, objectives.map(function (o, i) { return h('li', { key: i }, o); }))),
        h('section', { id: 'calendrier' },
          h('h2', null, 'Calendrier'),
          h('div', { className: 'table-scroll' },
            h('table', { className: 'sessions' },
              h('thead', null, h('tr', null,
                h('th', { scope: 'col' }, 'Dates'), h('th', { scope: 'col' }, 'Ville et lieu'), h('th', { scope: 'col' }, 'Places'))),
              h('tbody', null, sessions.map(function (s, i) {
                return h('tr', { key: i },
                  h('th', { scope: 'row' }, frenchDate(s.Start) + (s.End && s.End !== s.Start ? ' – ' + frenchDate(s.End) : ''),
                    s.Example ? h('span', { className: 'badge' }, ' session d’exemple') : null),
                  h('td', null, h('strong', null, s.City), h('br'), s.Venue, h('br'), h('span', { className: 'muted' }, s.Address)),
                  h('td', null, s.Capacity));
              })))))));
  }

  CMS.registerPreviewTemplate('courses', CoursePreview);
})();
