<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>perso::terminal::app::PinPadWindow</name>
    <message>
        <source>Tamper switch</source>
        <translation>Manipulationsschalter</translation>
    </message>
    <message>
        <source>Trigger the tamper sensor? The terminal erases every key and stays marked as tampered.</source>
        <translation>Manipulationssensor auslösen? Das Terminal löscht alle Schlüssel und bleibt als manipuliert markiert.</translation>
    </message>
    <message>
        <source>In the slot: %1 card %2</source>
        <translation>Im Kartenschacht: %1-Karte %2</translation>
    </message>
    <message>
        <source>The slot is empty</source>
        <translation>Der Kartenschacht ist leer</translation>
    </message>
    <message>
        <source>vpcd: connected (reader shows the terminal)</source>
        <translation>vpcd: verbunden (Leser zeigt das Terminal)</translation>
    </message>
    <message>
        <source>vpcd: not connected (waiting for pcscd)</source>
        <translation>vpcd: nicht verbunden (wartet auf pcscd)</translation>
    </message>
    <message>
        <source>Cannot insert: %1</source>
        <translation>Einstecken nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Secure terminal</source>
        <translation>Sicheres Terminal</translation>
    </message>
    <message>
        <source>PIN pad</source>
        <translation>PIN-Pad</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbruch</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Card tray</source>
        <translation>Kartenvorrat</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>Einstecken</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entnehmen</translation>
    </message>
    <message>
        <source>Tamper switch…</source>
        <translation>Manipulationsschalter…</translation>
    </message>
</context>
<context>
    <name>SecureTerminal</name>
    <message>
        <source>Retail perso</source>
        <translation>Retail perso</translation>
    </message>
    <message>
        <source>Insert retailer card</source>
        <translation>Händlerkarte rein</translation>
    </message>
    <message>
        <source>Sign-on</source>
        <translation>Anmeldung</translation>
    </message>
    <message numerus="yes">
        <source>%n tries left</source>
        <translation>
            <numerusform>Noch %n Versuch</numerusform>
            <numerusform>Noch %n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>Card blocked</source>
        <translation>Karte gesperrt</translation>
    </message>
    <message>
        <source>Call the issuer</source>
        <translation>Herausgeber anrufen</translation>
    </message>
    <message>
        <source>Card error</source>
        <translation>Kartenfehler</translation>
    </message>
    <message>
        <source>Check the card</source>
        <translation>Karte prüfen</translation>
    </message>
    <message>
        <source>Signing on</source>
        <translation>Anmeldung läuft</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>Bitte warten</translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <source>Remove retailer card</source>
        <translation>Händlerkarte raus</translation>
    </message>
    <message>
        <source>Insert customer card</source>
        <translation>Kundenkarte rein</translation>
    </message>
    <message>
        <source>Card ready</source>
        <translation>Karte bereit</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>PIN too simple</source>
        <translation>PIN zu einfach</translation>
    </message>
    <message>
        <source>Choose another</source>
        <translation>Andere wählen</translation>
    </message>
    <message>
        <source>PINs differ</source>
        <translation>PINs ungleich</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Nochmals versuchen</translation>
    </message>
    <message>
        <source>Time out</source>
        <translation>Zeit abgelaufen</translation>
    </message>
    <message>
        <source>Entry stopped</source>
        <translation>Eingabe beendet</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Remove the card</source>
        <translation>Karte entnehmen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Card removed</source>
        <translation>Karte entnommen</translation>
    </message>
    <message>
        <source>Keys erased</source>
        <translation>Schlüssel gelöscht</translation>
    </message>
    <message>
        <source>Security error</source>
        <translation>Sicherheitsfehler</translation>
    </message>
    <message>
        <source>Sign on again</source>
        <translation>Neu anmelden</translation>
    </message>
    <message>
        <source>TAMPER DETECTED</source>
        <translation>MANIPULATION!</translation>
    </message>
    <message>
        <source>Retailer PIN:</source>
        <translation>Händler-PIN:</translation>
    </message>
    <message>
        <source>Wrong PIN</source>
        <translation>Falsche PIN</translation>
    </message>
    <message>
        <source>Personalising</source>
        <translation>Personalisierung</translation>
    </message>
    <message>
        <source>Repeat PUK2:</source>
        <translation>PUK2 wiederholen:</translation>
    </message>
    <message>
        <source>Repeat PUK:</source>
        <translation>PUK wiederholen:</translation>
    </message>
    <message>
        <source>Repeat PIN2:</source>
        <translation>PIN2 wiederholen:</translation>
    </message>
    <message>
        <source>Repeat PIN:</source>
        <translation>PIN wiederholen:</translation>
    </message>
    <message>
        <source>New PUK2:</source>
        <translation>Neue PUK2:</translation>
    </message>
    <message>
        <source>New PUK:</source>
        <translation>Neue PUK:</translation>
    </message>
    <message>
        <source>New PIN2:</source>
        <translation>Neue PIN2:</translation>
    </message>
    <message>
        <source>New PIN:</source>
        <translation>Neue PIN:</translation>
    </message>
</context>
</TS>
