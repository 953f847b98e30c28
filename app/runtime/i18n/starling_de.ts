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
    <message>
        <source>URLs of the app&apos;s own schemes, and files to open.</source>
        <translation>URLs mit den eigenen Schemata der App sowie zu öffnende Dateien.</translation>
    </message>
    <message>
        <source>This is a desktop capability: it works in the app&apos;s own window only.</source>
        <translation>Dies ist eine Desktop-Funktion: sie funktioniert nur im eigenen Fenster der App.</translation>
    </message>
    <message>
        <source>There is no clipboard: the %1 platform has none.</source>
        <translation>Es gibt keine Zwischenablage: die Plattform %1 hat keine.</translation>
    </message>
    <message>
        <source>No notification server is running on this desktop, and the app has no tray icon.</source>
        <translation>Auf diesem Desktop läuft kein Benachrichtigungsdienst, und die App hat kein Symbol im Infobereich.</translation>
    </message>
    <message>
        <source>No notification server is running on this desktop.</source>
        <translation>Auf diesem Desktop läuft kein Benachrichtigungsdienst.</translation>
    </message>
    <message>
        <source>The clipboard holds no HTML.</source>
        <translation>Die Zwischenablage enthält kein HTML.</translation>
    </message>
    <message>
        <source>Only http and https addresses can be opened.</source>
        <translation>Nur http- und https-Adressen können geöffnet werden.</translation>
    </message>
    <message>
        <source>No browser could open it.</source>
        <translation>Kein Browser konnte die Adresse öffnen.</translation>
    </message>
    <message>
        <source>Only files chosen in a dialog, dropped on the window or opened with the app can be opened.</source>
        <translation>Nur Dateien, die in einem Dialog ausgewählt, auf das Fenster gezogen oder mit der App geöffnet wurden, können geöffnet werden.</translation>
    </message>
    <message>
        <source>The file does not exist.</source>
        <translation>Die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>Programs and launchers are never opened.</source>
        <translation>Programme und Starter werden nie geöffnet.</translation>
    </message>
    <message>
        <source>No application could open it.</source>
        <translation>Keine Anwendung konnte die Datei öffnen.</translation>
    </message>
    <message>
        <source>A notification needs a title.</source>
        <translation>Eine Benachrichtigung benötigt einen Titel.</translation>
    </message>
    <message>
        <source>A notification&apos;s route must be a path of the app (&quot;/inbox&quot;).</source>
        <translation>Die Route einer Benachrichtigung muss ein Pfad der App sein („/inbox“).</translation>
    </message>
    <message>
        <source>The notification server refused it: %1</source>
        <translation>Der Benachrichtigungsdienst hat die Benachrichtigung abgelehnt: %1</translation>
    </message>
    <message>
        <source>The tray item &quot;%1&quot; has a route that is not a path of the app: %2</source>
        <translation>Der Eintrag „%1“ im Infobereich hat eine Route, die kein Pfad der App ist: %2</translation>
    </message>
    <message>
        <source>%1 is desktop-only: it works in the app&apos;s own window, not in a browser (--serve).</source>
        <translation>%1 ist nur auf dem Desktop verfügbar: im eigenen Fenster der App, nicht in einem Browser (--serve).</translation>
    </message>
    <message>
        <source>%1 needs the Starling-Page header of an open app window.</source>
        <translation>%1 benötigt den Starling-Page-Header eines offenen App-Fensters.</translation>
    </message>
    <message>
        <source>signal must be a signal name (a letter, then letters, digits or _), not &quot;%1&quot;.</source>
        <translation>signal muss ein Signalname sein (ein Buchstabe, dann Buchstaben, Ziffern oder _), nicht „%1“.</translation>
    </message>
    <message>
        <source>%1 must be a list of strings.</source>
        <translation>%1 muss eine Liste von Zeichenketten sein.</translation>
    </message>
    <message>
        <source>%1 must be one of %2, not &quot;%3&quot;.</source>
        <translation>%1 muss einer der Werte %2 sein, nicht „%3“.</translation>
    </message>
    <message>
        <source>%1 holds &quot;%2&quot;; buttons are %3.</source>
        <translation>%1 enthält „%2“; mögliche Schaltflächen sind %3.</translation>
    </message>
    <message>
        <source>%1 and %2 must be whole numbers from 100 to 16384.</source>
        <translation>%1 und %2 müssen ganze Zahlen von 100 bis 16384 sein.</translation>
    </message>
    <message>
        <source>%1 must be a path of the app (&quot;/notes&quot;), not &quot;%2&quot;.</source>
        <translation>%1 muss ein Pfad der App sein („/notes“), nicht „%2“.</translation>
    </message>
    <message>
        <source>No window action &quot;%1&quot;; they are title, resize, minimize, maximize, fullscreen, restore, focus, close and open.</source>
        <translation>Es gibt keine Fensteraktion „%1“; möglich sind title, resize, minimize, maximize, fullscreen, restore, focus, close und open.</translation>
    </message>
    <message>
        <source>Give either %1 or %2.</source>
        <translation>Geben Sie entweder %1 oder %2 an.</translation>
    </message>
    <message>
        <source>%1 must not be empty.</source>
        <translation>%1 darf nicht leer sein.</translation>
    </message>
    <message>
        <source>%1 must be a path of the app (&quot;/inbox&quot;), not &quot;%2&quot;.</source>
        <translation>%1 muss ein Pfad der App sein („/inbox“), nicht „%2“.</translation>
    </message>
    <message>
        <source>%1 must be -1 (the desktop&apos;s default), 0 (until closed) or milliseconds up to 3600000.</source>
        <translation>%1 muss -1 (Vorgabe des Desktops), 0 (bis zum Schließen) oder eine Anzahl Millisekunden bis 3600000 sein.</translation>
    </message>
    <message>
        <source>%1 must be an object ({text, route} or {kind}).</source>
        <translation>%1 muss ein Objekt sein ({text, route} oder {kind}).</translation>
    </message>
    <message>
        <source>%1.kind must be one of action, separator, show, quit.</source>
        <translation>%1.kind muss einer der Werte action, separator, show, quit sein.</translation>
    </message>
    <message>
        <source>%1 needs a text and a route that is a path of the app.</source>
        <translation>%1 benötigt einen Text und eine Route, die ein Pfad der App ist.</translation>
    </message>
    <message>
        <source>/_starling/stream is desktop-only: it carries the answers of the app&apos;s windows.</source>
        <translation>/_starling/stream ist nur auf dem Desktop verfügbar: dieser Stream überträgt die Antworten für die Fenster der App.</translation>
    </message>
    <message>
        <source>/_starling/stream needs a Starling-Page header.</source>
        <translation>/_starling/stream benötigt einen Starling-Page-Header.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>New Window</source>
        <translation>Neues Fenster</translation>
    </message>
    <message>
        <source>Close Window</source>
        <translation>Fenster schließen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederherstellen</translation>
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
        <source>Select All</source>
        <translation>Alles auswählen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
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
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Actual Size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Full Screen</source>
        <translation>Vollbild</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>A dialog needs an open window of the app.</source>
        <translation>Ein Dialog benötigt ein offenes Fenster der App.</translation>
    </message>
    <message>
        <source>The dialog could not be shown.</source>
        <translation>Der Dialog konnte nicht angezeigt werden.</translation>
    </message>
    <message>
        <source>The desktop has no system tray to show the app&apos;s icon in.</source>
        <translation>Der Desktop hat keinen Infobereich, in dem das Symbol der App angezeigt werden könnte.</translation>
    </message>
    <message>
        <source>&amp;Show Window</source>
        <translation>Fenster &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
</context>
<context>
    <name>starling::detail::WindowHost</name>
    <message>
        <source>Accepted files (%1)</source>
        <translation>Zulässige Dateien (%1)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
</context>
</TS>
