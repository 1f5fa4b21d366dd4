/* review_assets.c — see review_assets.h. */
#include "cmd/review/review_assets.h"

void nb_review_esc(GString *s, const char *t)
{
    char *valid = g_utf8_make_valid(t ? t : "", -1);
    char *e = g_markup_escape_text(valid, -1);
    g_string_append(s, e);
    g_free(e);
    g_free(valid);
}

const char nb_review_css[] =
    "body{font:14px/1.4 system-ui,'Noto Sans CJK SC',sans-serif;margin:0;color:#222}"
    "header{padding:8px 16px;background:#f4f4f0;border-bottom:1px solid #ccc}"
    "h1{font-size:20px;margin:4px 0}h2{font-size:16px;margin:12px 0 4px}"
    ".meta{margin:2px 0;color:#444}code{font-size:12px}"
    "main{display:flex;align-items:flex-start}"
    "#pages{flex:1 1 55%;padding:8px;max-height:calc(100vh - 120px);overflow:auto}"
    "#side{flex:1 1 45%;padding:8px;max-height:calc(100vh - 120px);overflow:auto}"
    "figure.page{margin:0 0 16px}figcaption{color:#666;font-size:12px}"
    ".sheet{position:relative;display:inline-block;width:100%;border:1px solid #999}"
    ".sheet img{display:block;width:100%;height:auto}"
    ".sheet svg{position:absolute;left:0;top:0;width:100%;height:100%}"
    "rect.cell{fill:none;stroke:#39c;stroke-width:.6;vector-effect:non-scaling-stroke}"
    "rect.box{fill:rgba(40,160,60,.12);stroke:#2a2;stroke-width:1;"
    "vector-effect:non-scaling-stroke;cursor:pointer}"
    "rect.box.flagged{fill:rgba(230,40,30,.25);stroke:#d22;stroke-width:2}"
    "rect.box.doubtful{fill:rgba(240,170,0,.25);stroke:#e90}"
    "rect.box.sel{fill:rgba(0,0,255,.15);stroke:#00f;stroke-width:2}"
    ".flow{font:13px/1.5 monospace;white-space:pre-wrap}.ln .no{color:#999;display:inline-block;"
    "width:4em;text-align:right;margin-right:8px}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 4px;"
    "vertical-align:top}table.grid{margin:6px 0;font-size:12px}table.grid caption{color:#666;"
    "text-align:left}td.box{background:#e8f6e8;cursor:pointer}td.box.flagged{background:#fcc}"
    "td.box.doubtful{background:#fe9}td.box.sel,tr.sel td{outline:2px solid #00f}"
    "td.unset{background:#eee}"
    "table.record{font-size:12px;width:100%}tr.tab th{background:#eee;text-align:left}"
    "tr.flagged td{background:#fdd}tr.doubtful td{background:#ffe9b0}"
    "tr.missing td.num{color:#999}.num{text-align:right}.key{font:11px monospace;color:#555}"
    ".lab{min-width:12em}.raw{font-size:11px;color:#444}.rawtext{color:#000;font-size:13px}"
    ".why{color:#a00;font-size:11px}.why a{color:#a00}input.fix{width:6em}input.fix.bad{outline:2px solid red}"
    "span.flagged{color:#c00;font-weight:bold}.note{color:#a60}"
    ".button{display:inline-block;padding:3px 10px;background:#2a6;color:#fff;"
    "border-radius:3px;text-decoration:none}.button.off{background:#999;pointer-events:none}"
    "#corrections-json{width:100%;font:11px monospace;display:block}"
    "#checks li,#warnings li{margin-bottom:4px}a.ref{font:11px monospace}"
    ".hide{display:none}";

const char nb_review_script[] =
    "(function(){'use strict';\n"
    "var sha=document.body.getAttribute('data-sha256');\n"
    "var out=document.getElementById('corrections-json'),save=document.getElementById('save');\n"
    "function collect(){var v={};document.querySelectorAll('input.fix').forEach(function(i){\n"
    " var t=i.value.trim().replace(/[,\\uFF0C\\s]/g,'');i.classList.remove('bad');if(t==='')return;\n"
    " var n=Number(t);if(!isFinite(n)){i.classList.add('bad');return;}v[i.getAttribute('data-key')]=n;});\n"
    " return v;}\n"
    "function update(){var v=collect(),n=Object.keys(v).length;\n"
    " var j=JSON.stringify({source_sha256:sha,values:v},null,1);out.value=j;\n"
    " save.textContent='Save corrections ('+n+')';save.classList.toggle('off',n===0);\n"
    " if(save.href)URL.revokeObjectURL(save.href);\n"
    " save.href=URL.createObjectURL(new Blob([j+'\\n'],{type:'application/json'}));}\n"
    "function sel(p){document.querySelectorAll('.sel').forEach(function(x){x.classList.remove('sel');});\n"
    " document.querySelectorAll('[data-path]').forEach(function(x){\n"
    "  if(x.getAttribute('data-path')===p)x.classList.add('sel');});}\n"
    "document.addEventListener('input',function(e){var t=e.target;\n"
    " if(t.classList&&t.classList.contains('fix'))update();\n"
    " if(t.id==='filter'||t.id==='only-flagged')filter();});\n"
    "document.addEventListener('change',function(e){if(e.target.id==='only-flagged')filter();});\n"
    "document.addEventListener('click',function(e){var t=e.target.closest('[data-path]');\n"
    " if(!t||e.target.tagName==='INPUT')return;var p=t.getAttribute('data-path');sel(p);\n"
    " var o=t.closest('#record')?document.getElementById('b-'+p):document.getElementById('row-'+p);\n"
    " if(o)o.scrollIntoView({block:'center'});});\n"
    "function filter(){var q=document.getElementById('filter').value.trim().toLowerCase();\n"
    " var only=document.getElementById('only-flagged').checked;\n"
    " document.querySelectorAll('#record tr.val').forEach(function(r){\n"
    "  var hit=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!only||r.classList.contains('flagged'));\n"
    "  r.classList.toggle('hide',!hit);});}\n"
    "update();})();\n";

const char nb_review_index_css[] =
    "body{font:14px/1.4 system-ui,'Noto Sans CJK SC',sans-serif;margin:16px;color:#222}"
    "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px}"
    "th{background:#eee;cursor:pointer;user-select:none}th.asc:after{content:' ▲'}"
    "th.desc:after{content:' ▼'}.num{text-align:right}tr.failed td{color:#a00}"
    "td.flag{font-weight:bold;color:#c00}.hide{display:none}";

const char nb_review_index_script[] =
    "(function(){'use strict';\n"
    "var tb=document.querySelector('#docs tbody'),q=document.getElementById('filter');\n"
    "var rows=Array.prototype.slice.call(tb.rows);\n"
    "document.querySelectorAll('#docs th').forEach(function(th,i){th.addEventListener('click',\n"
    " function(){var d=th.classList.contains('asc')?-1:1;\n"
    "  document.querySelectorAll('#docs th').forEach(function(h){h.classList.remove('asc','desc');});\n"
    "  th.classList.add(d>0?'asc':'desc');var num=th.classList.contains('num');\n"
    "  rows.sort(function(a,b){var x=a.cells[i].getAttribute('data-v'),y=b.cells[i].getAttribute('data-v');\n"
    "   if(num){x=parseFloat(x)||0;y=parseFloat(y)||0;return d*(x-y);}return d*x.localeCompare(y);});\n"
    "  var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});\n"
    "  tb.appendChild(f);});});\n"
    "function filter(){var t=q.value.trim().toLowerCase(),only=document.getElementById('only-flagged').checked;\n"
    " rows.forEach(function(r){var hit=(!t||r.textContent.toLowerCase().indexOf(t)>=0)&&\n"
    "  (!only||r.getAttribute('data-flagged')!=='0');r.classList.toggle('hide',!hit);});}\n"
    "q.addEventListener('input',filter);document.getElementById('only-flagged').addEventListener('change',filter);\n"
    "})();\n";
