<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ContextMenu</name>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Vorwärts</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>Ausschneiden</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>Einfügen</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>Alles auswählen</translation>
    </message>
</context>
<context>
    <name>ErrorPage</name>
    <message>
        <source>This page stopped working.</source>
        <translation>Diese Seite funktioniert nicht mehr.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in page</source>
        <translation>Auf der Seite suchen</translation>
    </message>
</context>
<context>
    <name>starling</name>
    <message>
        <source>Serve the app without a window; prints the URL to open.</source>
        <translation>Die App ohne Fenster bereitstellen; gibt die zu öffnende URL aus.</translation>
    </message>
    <message>
        <source>Port on 127.0.0.1 (default: any free one).</source>
        <translation>Port auf 127.0.0.1 (Vorgabe: ein beliebiger freier).</translation>
    </message>
    <message>
        <source>Log debug messages (to stderr).</source>
        <translation>Debug-Meldungen protokollieren (nach stderr).</translation>
    </message>
    <message>
        <source>Open another window when the app is already running.</source>
        <translation>Ein weiteres Fenster öffnen, wenn die App schon läuft.</translation>
    </message>
    <message>
        <source>Development: pages, templates and files are read from the source tree first and never cached; a window also gets the web inspector on a local port and live reload.</source>
        <translation>Entwicklung: Seiten, Vorlagen und Dateien werden zuerst aus dem Quellbaum gelesen und nie zwischengespeichert; ein Fenster bekommt außerdem den Web-Inspektor auf einem lokalen Port und automatisches Neuladen.</translation>
    </message>
    <message>
        <source>Internal error: the handler failed.</source>
        <translation>Interner Fehler: die Verarbeitung ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Refused: %1.</source>
        <translation>Abgelehnt: %1.</translation>
    </message>
    <message>
        <source>Not found.</source>
        <translation>Nicht gefunden.</translation>
    </message>
    <message>
        <source>Method not allowed.</source>
        <translation>Methode nicht erlaubt.</translation>
    </message>
    <message>
        <source>Live updates are off in this window: %1 other windows of this app already hold live connections, as many as the web engine allows at once. Close one of them, then reload this window.</source>
        <translation>Live-Aktualisierungen sind in diesem Fenster aus: %1 andere Fenster dieser App halten schon Live-Verbindungen, so viele, wie die Web-Engine gleichzeitig erlaubt. Schließen Sie eines davon und laden Sie dieses Fenster dann neu.</translation>
    </message>
    <message>
        <source>Live updates are off in this window: this app already holds %1 live connections, as many as it allows at once. Close other windows or tabs of this app, then reload this one.</source>
        <translation>Live-Aktualisierungen sind in diesem Fenster aus: diese App hält schon %1 Live-Verbindungen, so viele, wie sie gleichzeitig erlaubt. Schließen Sie andere Fenster oder Tabs dieser App und laden Sie dieses dann neu.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Method not allowed: files are GET only.</source>
        <translation>Methode nicht erlaubt: Dateien gibt es nur per GET.</translation>
    </message>
    <message>
        <source>Bad Request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Verboten</translation>
    </message>
    <message>
        <source>Not Found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Method Not Allowed</source>
        <translation>Methode nicht erlaubt</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>Content Too Large</source>
        <translation>Inhalt zu groß</translation>
    </message>
    <message>
        <source>Unsupported Media Type</source>
        <translation>Nicht unterstützter Medientyp</translation>
    </message>
    <message>
        <source>Misdirected Request</source>
        <translation>Fehlgeleitete Anfrage</translation>
    </message>
    <message>
        <source>Unprocessable Content</source>
        <translation>Nicht verarbeitbarer Inhalt</translation>
    </message>
    <message>
        <source>Too Many Requests</source>
        <translation>Zu viele Anfragen</translation>
    </message>
    <message>
        <source>Internal Server Error</source>
        <translation>Interner Serverfehler</translation>
    </message>
    <message>
        <source>Not Implemented</source>
        <translation>Nicht implementiert</translation>
    </message>
    <message>
        <source>Service Unavailable</source>
        <translation>Dienst nicht verfügbar</translation>
    </message>
    <message>
        <source>Server Error</source>
        <translation>Serverfehler</translation>
    </message>
    <message>
        <source>Request Refused</source>
        <translation>Anfrage abgelehnt</translation>
    </message>
    <message>
        <source>Go to the home page</source>
        <translation>Zur Startseite</translation>
    </message>
</context>
</TS>
