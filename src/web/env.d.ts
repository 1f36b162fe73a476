// Vite turns imported stylesheets into <link> tags; TypeScript only needs to know they exist.
declare module '*.css';
