import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useEffect, useMemo, useRef } from 'react';

const LOGO_SVG = '<svg viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>';

interface Comment {
  id: string;
  author: string;
  bodyHtml: string;
}

export function CommentView({ comment }: { comment: Comment }) {
  return (
    <article>
      <h3>{comment.author}</h3>
      {/* ruleid: javascript.xss.react-dangerously-set-inner-html */}
      <div dangerouslySetInnerHTML={{ __html: comment.bodyHtml }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.bodyHtml) }} />
    </article>
  );
}

export function MarkdownPreview({ source }: { source: string }) {
  const unsafe = marked.parse(source) as string;
  const safe = useMemo(() => DOMPurify.sanitize(marked.parse(source) as string), [source]);
  return (
    <>
      {/* ruleid: javascript.xss.react-dangerously-set-inner-html */}
      <section dangerouslySetInnerHTML={{ __html: unsafe }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <section dangerouslySetInnerHTML={{ __html: safe }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <span className="logo" dangerouslySetInnerHTML={{ __html: LOGO_SVG }} />
      {/* ok: javascript.xss.react-dangerously-set-inner-html */}
      <style dangerouslySetInnerHTML={{ __html: `.preview { max-width: 60ch; }` }} />
    </>
  );
}

export function SearchBanner() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const query = new URLSearchParams(window.location.search).get('q') ?? '';
    if (ref.current) {
      // ruleid: javascript.xss.dom
      ref.current.innerHTML = `Results for <strong>${query}</strong>`;
      // ok: javascript.xss.dom
      ref.current.title = query;
    }
  }, []);
  // ruleid: javascript.xss.react-dangerously-set-inner-html
  const banner = { __html: `<p>${document.referrer}</p>` };
  return <div ref={ref} dangerouslySetInnerHTML={banner} />;
}
