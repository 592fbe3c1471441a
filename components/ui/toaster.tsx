"use client";

import * as React from "react";
import { Toaster as Sonner, type ToasterProps } from "sonner";

// Sonner needs an explicit theme; mirror the `.dark` class on <html> so toasts match the app.
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const getTheme = (): "light" | "dark" => (document.documentElement.classList.contains("dark") ? "dark" : "light");
const getServerTheme = (): "light" | "dark" => "light";

function Toaster(props: ToasterProps) {
  const theme = React.useSyncExternalStore(subscribe, getTheme, getServerTheme);
  return (
    <Sonner
      theme={theme}
      richColors
      position="bottom-right"
      closeButton
      className="toaster group"
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
          "--border-radius": "var(--radius)",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}

export { Toaster };
