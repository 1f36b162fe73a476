import React, { useEffect, useState } from 'react';
import DOMPurify from 'isomorphic-dompurify';

export function ArticleBody({ article }) {
  const [html, setHtml] = useState('');
  useEffect(() => {
    fetch(`/api/articles/${article.id}/body`).then((r) => r.text()).then(setHtml);
  }, [article.id]);
  return (
    <div className="article">
      {/* ruleid: javascript.xss.react-dangerously-set-inner-html */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html, { USE_PROFILES: { html: true } }) }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <p>{article.summary}</p>
    </div>
  );
}

export function Highlight({ query }) {
  const hash = window.location.hash.slice(1);
  useEffect(() => {
    // ruleid: javascript.xss.dom
    document.getElementById('anchor-title').innerHTML = decodeURIComponent(hash);
  }, [hash]);
  return <mark>{query}</mark>;
}
