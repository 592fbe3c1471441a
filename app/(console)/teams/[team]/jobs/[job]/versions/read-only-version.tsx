"use client";

import { EditorToolbar, SqlEditor } from "@/components/sql-editor";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { settingsText } from "@/lib/jobs/settings-text";

/** One version, read only: its SQL in the editor (searchable, copyable) and its settings. */
export function ReadOnlyVersion({ sql, settings, type, label, actions }: { sql: string; settings: unknown; type: "sql" | "jar"; label: string; actions?: React.ReactNode }) {
  return (
    <div className="space-y-4">
      {type === "sql" && <SqlEditor value={sql} readOnly ariaLabel={label} height="auto" toolbar={<EditorToolbar title={label} actions={actions} />} />}
      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
        </CardHeader>
        <CardContent>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 text-xs leading-relaxed" data-testid="version-settings">{settingsText(settings)}</pre>
          {type === "jar" && actions}
        </CardContent>
      </Card>
    </div>
  );
}
