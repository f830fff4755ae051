<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CardPage</name>
    <message>
        <source>Customer card</source>
        <translation>Kundenkarte</translation>
    </message>
    <message>
        <source>Insert the card to personalise.</source>
        <translation>Stecken Sie die zu personalisierende Karte ein.</translation>
    </message>
    <message>
        <source>Remove the retailer card, insert a blank card from stock.</source>
        <translation>Entnehmen Sie die Händlerkarte und stecken Sie eine leere Karte aus dem Bestand ein.</translation>
    </message>
    <message>
        <source>ICCID:</source>
        <translation>ICCID:</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Charge:</translation>
    </message>
</context>
<context>
    <name>CompletionPage</name>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>The card is ready. Hand it to the customer with the receipt.</source>
        <translation>Die Karte ist bereit. Übergeben Sie sie dem Kunden zusammen mit dem Beleg.</translation>
    </message>
    <message>
        <source>Phone number (MSISDN):</source>
        <translation>Rufnummer (MSISDN):</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>&amp;Print receipt</source>
        <translation>Beleg &amp;drucken</translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation>Als &amp;PDF speichern…</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>&amp;Nächster Kunde</translation>
    </message>
    <message>
        <source>Sign o&amp;ff</source>
        <translation>&amp;Abmelden</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>Customer details</source>
        <translation>Kundendaten</translation>
    </message>
    <message>
        <source>Type the details from the customer&apos;s ID document. Next is enabled once every field is valid.</source>
        <translation>Geben Sie die Daten aus dem Ausweisdokument des Kunden ein. „Weiter“ ist aktiv, sobald alle Felder gültig sind.</translation>
    </message>
    <message>
        <source>&amp;Given names:</source>
        <translation>&amp;Vornamen:</translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation>&amp;Nachname:</translation>
    </message>
    <message>
        <source>Date of &amp;birth:</source>
        <translation>&amp;Geburtsdatum:</translation>
    </message>
    <message>
        <source>Address line &amp;1:</source>
        <translation>Adresszeile &amp;1:</translation>
    </message>
    <message>
        <source>Address line 2:</source>
        <translation>Adresszeile 2:</translation>
    </message>
    <message>
        <source>Address line 3:</source>
        <translation>Adresszeile 3:</translation>
    </message>
    <message>
        <source>Address line 4:</source>
        <translation>Adresszeile 4:</translation>
    </message>
    <message>
        <source>P&amp;ostcode:</source>
        <translation>&amp;Postleitzahl:</translation>
    </message>
    <message>
        <source>Ci&amp;ty:</source>
        <translation>&amp;Ort:</translation>
    </message>
    <message>
        <source>C&amp;ountry:</source>
        <translation>&amp;Land:</translation>
    </message>
    <message>
        <source>ID &amp;document:</source>
        <translation>&amp;Ausweisart:</translation>
    </message>
    <message>
        <source>ID n&amp;umber:</source>
        <translation>Ausweisn&amp;ummer:</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-Mail:</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Telefon:</translation>
    </message>
    <message>
        <source>+491701234567</source>
        <translation>+491701234567</translation>
    </message>
    <message>
        <source>P&amp;lan:</source>
        <translation>Ta&amp;rif:</translation>
    </message>
    <message>
        <source>&amp;Modify the customer&apos;s existing card (no new SIM)</source>
        <translation>&amp;Bestehende Karte des Kunden ändern (keine neue SIM)</translation>
    </message>
</context>
<context>
    <name>CustomerValidation</name>
    <message numerus="yes">
        <source>Too long: at most %n characters.</source>
        <translation>
            <numerusform>Zu lang: höchstens %n Zeichen.</numerusform>
            <numerusform>Zu lang: höchstens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Contains a control character; retype it.</source>
        <translation>Enthält ein Steuerzeichen; bitte neu eingeben.</translation>
    </message>
    <message>
        <source>Not an e-mail address (no spaces, 3 to 254 characters).</source>
        <translation>Keine E-Mail-Adresse (keine Leerzeichen, 3 bis 254 Zeichen).</translation>
    </message>
    <message>
        <source>Not an e-mail address: it needs exactly one @ between a name and a domain.</source>
        <translation>Keine E-Mail-Adresse: Zwischen Name und Domain muss genau ein @ stehen.</translation>
    </message>
    <message>
        <source>Start the phone number with + and the country code, e.g. +49.</source>
        <translation>Beginnen Sie die Rufnummer mit + und der Ländervorwahl, z. B. +49.</translation>
    </message>
    <message>
        <source>A phone number is + followed by 3 to 15 digits.</source>
        <translation>Eine Rufnummer besteht aus + und 3 bis 15 Ziffern.</translation>
    </message>
    <message>
        <source>Type the given names.</source>
        <translation>Geben Sie die Vornamen ein.</translation>
    </message>
    <message>
        <source>Type the family name.</source>
        <translation>Geben Sie den Nachnamen ein.</translation>
    </message>
    <message>
        <source>Enter the date of birth (1900 or later).</source>
        <translation>Geben Sie das Geburtsdatum ein (ab 1900).</translation>
    </message>
    <message>
        <source>The date of birth is in the future.</source>
        <translation>Das Geburtsdatum liegt in der Zukunft.</translation>
    </message>
    <message>
        <source>Type the street and house number in line 1.</source>
        <translation>Geben Sie Straße und Hausnummer in Zeile 1 ein.</translation>
    </message>
    <message>
        <source>Type the city.</source>
        <translation>Geben Sie den Ort ein.</translation>
    </message>
    <message>
        <source>Choose the country.</source>
        <translation>Wählen Sie das Land.</translation>
    </message>
    <message>
        <source>Type the ID document&apos;s number.</source>
        <translation>Geben Sie die Nummer des Ausweisdokuments ein.</translation>
    </message>
    <message>
        <source>Letters, digits and symbols only, no spaces, at most 32 characters.</source>
        <translation>Nur Buchstaben, Ziffern und Sonderzeichen, keine Leerzeichen, höchstens 32 Zeichen.</translation>
    </message>
    <message>
        <source>Type an e-mail address or a phone number (at least one).</source>
        <translation>Geben Sie eine E-Mail-Adresse oder eine Rufnummer ein (mindestens eines davon).</translation>
    </message>
    <message>
        <source>Choose a plan.</source>
        <translation>Wählen Sie einen Tarif.</translation>
    </message>
</context>
<context>
    <name>DecisionPage</name>
    <message>
        <source>Assessment</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>The issuer assesses the customer.</source>
        <translation>Der Herausgeber prüft den Kunden.</translation>
    </message>
    <message>
        <source>Waiting for the issuer&apos;s decision…</source>
        <translation>Warten auf die Entscheidung des Herausgebers…</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>&amp;Nächster Kunde</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Personalisation</source>
        <translation>Personalisierung</translation>
    </message>
    <message>
        <source>The terminal writes the card. Do not remove it.</source>
        <translation>Das Terminal beschreibt die Karte. Entnehmen Sie sie nicht.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>&amp;Cancel personalisation</source>
        <translation>Personalisierung &amp;abbrechen</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Print the receipt (customer and shop copies)</source>
        <translation>Beleg drucken (Kunden- und Shop-Exemplar)</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>SIM card hand-over receipt</source>
        <translation>Übergabebeleg SIM-Karte</translation>
    </message>
    <message>
        <source>Customer copy</source>
        <translation>Exemplar für den Kunden</translation>
    </message>
    <message>
        <source>Shop copy</source>
        <translation>Exemplar für den Shop</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Modification of an existing card</source>
        <translation>Änderung einer bestehenden Karte</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Neue Karte</translation>
    </message>
    <message>
        <source>Retailer</source>
        <translation>Händler</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Shop</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Datum und Uhrzeit</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Rufnummer</translation>
    </message>
    <message>
        <source>SIM card number (ICCID)</source>
        <translation>SIM-Kartennummer (ICCID)</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Beleg</translation>
    </message>
    <message>
        <source>Signed by the issuer</source>
        <translation>Vom Herausgeber signiert</translation>
    </message>
    <message>
        <source>QR code of the signed receipt</source>
        <translation>QR-Code des signierten Belegs</translation>
    </message>
    <message>
        <source>The QR code holds the receipt as the issuer signed it.</source>
        <translation>Der QR-Code enthält den Beleg so, wie ihn der Herausgeber signiert hat.</translation>
    </message>
</context>
<context>
    <name>SignOnPage</name>
    <message>
        <source>Retailer sign-on</source>
        <translation>Händleranmeldung</translation>
    </message>
    <message>
        <source>Sign on with your retailer card.</source>
        <translation>Melden Sie sich mit Ihrer Händlerkarte an.</translation>
    </message>
    <message>
        <source>Insert your retailer card and type your PIN on the terminal&apos;s keypad.</source>
        <translation>Stecken Sie Ihre Händlerkarte ein und geben Sie Ihre PIN am PIN-Pad des Terminals ein.</translation>
    </message>
    <message>
        <source>&amp;Sign on</source>
        <translation>&amp;Anmelden</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Station status</source>
        <translation>Status der Station</translation>
    </message>
    <message>
        <source>Check that everything is ready, then press Next.</source>
        <translation>Prüfen Sie, ob alles bereit ist, und klicken Sie dann auf „Weiter“.</translation>
    </message>
    <message>
        <source>Issuer link: unknown</source>
        <translation>Verbindung zum Herausgeber: unbekannt</translation>
    </message>
    <message>
        <source>Terminal: unknown</source>
        <translation>Terminal: unbekannt</translation>
    </message>
    <message>
        <source>Retailer: not signed on</source>
        <translation>Händler: nicht angemeldet</translation>
    </message>
    <message>
        <source>What to do next appears here.</source>
        <translation>Hier erscheint der nächste Schritt.</translation>
    </message>
</context>
<context>
    <name>StationError</name>
    <message numerus="yes">
        <source>Wrong retailer PIN (%n tries left).</source>
        <translation>
            <numerusform>Falsche Händler-PIN (noch %n Versuch).</numerusform>
            <numerusform>Falsche Händler-PIN (noch %n Versuche).</numerusform>
        </translation>
    </message>
    <message>
        <source>The issuer cannot be reached.</source>
        <translation>Der Herausgeber ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not the one this shop trusts.</source>
        <translation>Das Zertifikat des Herausgebers ist nicht das, dem dieser Shop vertraut.</translation>
    </message>
    <message>
        <source>The issuer refused the request.</source>
        <translation>Der Herausgeber hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>The issuer sent an answer the station does not understand.</source>
        <translation>Der Herausgeber hat eine Antwort gesendet, die die Station nicht versteht.</translation>
    </message>
    <message>
        <source>The secure terminal is not connected.</source>
        <translation>Das sichere Terminal ist nicht angeschlossen.</translation>
    </message>
    <message>
        <source>The secure terminal does not answer.</source>
        <translation>Das sichere Terminal antwortet nicht.</translation>
    </message>
    <message>
        <source>The secure terminal is busy.</source>
        <translation>Das sichere Terminal ist beschäftigt.</translation>
    </message>
    <message>
        <source>The secure terminal sent an unexpected answer.</source>
        <translation>Das sichere Terminal hat eine unerwartete Antwort gesendet.</translation>
    </message>
    <message>
        <source>The secure terminal reports that it was tampered with.</source>
        <translation>Das sichere Terminal meldet eine Manipulation.</translation>
    </message>
    <message>
        <source>There is no retailer card in the terminal.</source>
        <translation>Im Terminal steckt keine Händlerkarte.</translation>
    </message>
    <message>
        <source>Wrong retailer PIN.</source>
        <translation>Falsche Händler-PIN.</translation>
    </message>
    <message>
        <source>The retailer card is blocked.</source>
        <translation>Die Händlerkarte ist gesperrt.</translation>
    </message>
    <message>
        <source>Security alert: the issuer could not be authenticated.</source>
        <translation>Sicherheitsalarm: Der Herausgeber konnte nicht authentifiziert werden.</translation>
    </message>
    <message>
        <source>The issuer refused this retailer card or terminal.</source>
        <translation>Der Herausgeber hat diese Händlerkarte oder dieses Terminal abgelehnt.</translation>
    </message>
    <message>
        <source>Cancel was pressed on the keypad.</source>
        <translation>Am PIN-Pad wurde Abbruch gedrückt.</translation>
    </message>
    <message>
        <source>Nothing was typed on the keypad in time.</source>
        <translation>Am PIN-Pad wurde nicht rechtzeitig etwas eingegeben.</translation>
    </message>
    <message>
        <source>The keypad refused the PIN (entries differed or too simple).</source>
        <translation>Das PIN-Pad hat die PIN abgelehnt (Eingaben verschieden oder PIN zu einfach).</translation>
    </message>
    <message>
        <source>There is no customer card in the terminal.</source>
        <translation>Im Terminal steckt keine Kundenkarte.</translation>
    </message>
    <message>
        <source>The card in the terminal cannot be read.</source>
        <translation>Die Karte im Terminal kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>The card was removed during personalisation.</source>
        <translation>Die Karte wurde während der Personalisierung entnommen.</translation>
    </message>
    <message>
        <source>This is not the card the personalisation was prepared for.</source>
        <translation>Dies ist nicht die Karte, für die die Personalisierung vorbereitet wurde.</translation>
    </message>
    <message>
        <source>The card could not be personalised.</source>
        <translation>Die Karte konnte nicht personalisiert werden.</translation>
    </message>
    <message>
        <source>The issuer did not approve this customer.</source>
        <translation>Der Herausgeber hat diesen Kunden nicht genehmigt.</translation>
    </message>
    <message>
        <source>No retailer is signed on.</source>
        <translation>Es ist kein Händler angemeldet.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Some information is missing or not valid.</source>
        <translation>Einige Angaben fehlen oder sind ungültig.</translation>
    </message>
    <message>
        <source>The transaction journal cannot be written.</source>
        <translation>Das Transaktionsjournal kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Something went wrong inside the station.</source>
        <translation>In der Station ist ein interner Fehler aufgetreten.</translation>
    </message>
    <message>
        <source>Check the shop&apos;s internet connection; the station keeps retrying. Then sign on again.</source>
        <translation>Prüfen Sie die Internetverbindung des Shops; die Station versucht es weiter. Melden Sie sich dann erneut an.</translation>
    </message>
    <message>
        <source>Do not continue. Call the issuer&apos;s help desk: the connection may be intercepted.</source>
        <translation>Fahren Sie nicht fort. Rufen Sie die Hotline des Herausgebers an: Die Verbindung wird möglicherweise abgehört.</translation>
    </message>
    <message>
        <source>Sign on again. If it happens again, call the issuer&apos;s help desk.</source>
        <translation>Melden Sie sich erneut an. Tritt der Fehler wieder auf, rufen Sie die Hotline des Herausgebers an.</translation>
    </message>
    <message>
        <source>Connect the secure terminal and check that the smart card service (pcscd) is running.</source>
        <translation>Schließen Sie das sichere Terminal an und prüfen Sie, ob der Chipkartendienst (pcscd) läuft.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. If it persists, unplug the terminal and plug it in again.</source>
        <translation>Warten Sie einen Moment und versuchen Sie es erneut. Bleibt der Fehler bestehen, ziehen Sie das Terminal ab und schließen Sie es wieder an.</translation>
    </message>
    <message>
        <source>Stop using this terminal and call the issuer&apos;s help desk.</source>
        <translation>Verwenden Sie dieses Terminal nicht mehr und rufen Sie die Hotline des Herausgebers an.</translation>
    </message>
    <message>
        <source>Insert your retailer card into the terminal, then sign on.</source>
        <translation>Stecken Sie Ihre Händlerkarte in das Terminal und melden Sie sich dann an.</translation>
    </message>
    <message>
        <source>Sign on again and type the PIN carefully on the terminal&apos;s keypad.</source>
        <translation>Melden Sie sich erneut an und geben Sie die PIN sorgfältig am PIN-Pad des Terminals ein.</translation>
    </message>
    <message>
        <source>Ask the issuer to unblock the retailer card; use another retailer card meanwhile.</source>
        <translation>Bitten Sie den Herausgeber, die Händlerkarte zu entsperren; verwenden Sie bis dahin eine andere Händlerkarte.</translation>
    </message>
    <message>
        <source>Do not personalise cards. Call the issuer&apos;s security desk and report this alert.</source>
        <translation>Personalisieren Sie keine Karten. Rufen Sie die Sicherheitsabteilung des Herausgebers an und melden Sie diesen Alarm.</translation>
    </message>
    <message>
        <source>Call the issuer&apos;s help desk with the shop and terminal id shown in Diagnostics.</source>
        <translation>Rufen Sie die Hotline des Herausgebers an und nennen Sie die Shop- und Terminal-ID aus der Diagnose.</translation>
    </message>
    <message>
        <source>Start again; type on the terminal&apos;s keypad and press OK.</source>
        <translation>Beginnen Sie erneut, tippen Sie am PIN-Pad des Terminals und bestätigen Sie mit OK.</translation>
    </message>
    <message>
        <source>Remove the retailer card and insert a card from stock into the terminal.</source>
        <translation>Entnehmen Sie die Händlerkarte und stecken Sie eine Karte aus dem Bestand in das Terminal.</translation>
    </message>
    <message>
        <source>Put this card aside and insert another card from stock.</source>
        <translation>Legen Sie diese Karte beiseite und stecken Sie eine andere Karte aus dem Bestand ein.</translation>
    </message>
    <message>
        <source>Put this card aside as void and personalise a new card from stock.</source>
        <translation>Legen Sie diese Karte als ungültig beiseite und personalisieren Sie eine neue Karte aus dem Bestand.</translation>
    </message>
    <message>
        <source>Insert the card that was detected first, or start again with this card.</source>
        <translation>Stecken Sie die zuerst erkannte Karte ein oder beginnen Sie mit dieser Karte neu.</translation>
    </message>
    <message>
        <source>Tell the customer that no card can be issued today; the reason is shown above.</source>
        <translation>Teilen Sie dem Kunden mit, dass heute keine Karte ausgegeben werden kann; der Grund steht oben.</translation>
    </message>
    <message>
        <source>Sign on with your retailer card first.</source>
        <translation>Melden Sie sich zuerst mit Ihrer Händlerkarte an.</translation>
    </message>
    <message>
        <source>Continue with the next customer.</source>
        <translation>Fahren Sie mit dem nächsten Kunden fort.</translation>
    </message>
    <message>
        <source>Correct the highlighted fields.</source>
        <translation>Korrigieren Sie die markierten Felder.</translation>
    </message>
    <message>
        <source>Check the free disk space, then restart the station.</source>
        <translation>Prüfen Sie den freien Speicherplatz und starten Sie die Station dann neu.</translation>
    </message>
    <message>
        <source>Restart the station. If it happens again, send the diagnostics to support.</source>
        <translation>Starten Sie die Station neu. Tritt der Fehler wieder auf, senden Sie die Diagnose an den Support.</translation>
    </message>
</context>
<context>
    <name>StatusTexts</name>
    <message>
        <source>Issuer: online</source>
        <translation>Herausgeber: online</translation>
    </message>
    <message>
        <source>Issuer: connecting…</source>
        <translation>Herausgeber: Verbindung wird aufgebaut…</translation>
    </message>
    <message>
        <source>Issuer: offline</source>
        <translation>Herausgeber: offline</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Terminal: TAMPERED, do not use</source>
        <translation>Terminal: MANIPULIERT, nicht verwenden</translation>
    </message>
    <message>
        <source>Terminal: not connected</source>
        <translation>Terminal: nicht verbunden</translation>
    </message>
    <message>
        <source>Terminal: ready, slot empty</source>
        <translation>Terminal: bereit, Kartenschacht leer</translation>
    </message>
    <message>
        <source>Terminal: ready, retailer card in the slot</source>
        <translation>Terminal: bereit, Händlerkarte im Kartenschacht</translation>
    </message>
    <message>
        <source>Terminal: ready, customer card in the slot</source>
        <translation>Terminal: bereit, Kundenkarte im Kartenschacht</translation>
    </message>
    <message>
        <source>Terminal: ready</source>
        <translation>Terminal: bereit</translation>
    </message>
    <message>
        <source>Retailer: not signed on</source>
        <translation>Händler: nicht angemeldet</translation>
    </message>
    <message>
        <source>Retailer: %1 signed on (shop %2)</source>
        <translation>Händler: %1 angemeldet (Shop %2)</translation>
    </message>
    <message>
        <source>The customer is under the minimum age for a contract.</source>
        <translation>Der Kunde hat das Mindestalter für einen Vertrag nicht erreicht.</translation>
    </message>
    <message>
        <source>The ID document is not valid for this purpose (type or number).</source>
        <translation>Das Ausweisdokument ist hierfür nicht gültig (Art oder Nummer).</translation>
    </message>
    <message>
        <source>The issuer cannot serve this customer (deny list). Do not discuss the details.</source>
        <translation>Der Herausgeber kann diesen Kunden nicht bedienen (Sperrliste). Besprechen Sie keine Einzelheiten.</translation>
    </message>
    <message>
        <source>The customer already holds the maximum number of cards.</source>
        <translation>Der Kunde besitzt bereits die Höchstzahl an Karten.</translation>
    </message>
    <message>
        <source>The plan is not offered; choose another plan.</source>
        <translation>Der Tarif wird nicht angeboten; wählen Sie einen anderen Tarif.</translation>
    </message>
    <message>
        <source>The date of birth is not plausible; check the ID document.</source>
        <translation>Das Geburtsdatum ist nicht plausibel; prüfen Sie das Ausweisdokument.</translation>
    </message>
    <message>
        <source>Referred: the customer is near the card limit. The issuer&apos;s back office decides; no card now.</source>
        <translation>Zur Prüfung weitergeleitet: Der Kunde ist nahe am Kartenlimit. Das Backoffice des Herausgebers entscheidet; jetzt keine Karte.</translation>
    </message>
    <message>
        <source>Reason code %1.</source>
        <translation>Begründungscode %1.</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Zur Prüfung weitergeleitet</translation>
    </message>
    <message>
        <source>The terminal reports tampering. Do not use it; call the issuer&apos;s help desk.</source>
        <translation>Das Terminal meldet eine Manipulation. Verwenden Sie es nicht; rufen Sie die Hotline des Herausgebers an.</translation>
    </message>
    <message>
        <source>Connect the terminal (USB) and wait until it shows as ready.</source>
        <translation>Schließen Sie das Terminal (USB) an und warten Sie, bis es als bereit angezeigt wird.</translation>
    </message>
    <message>
        <source>Waiting for the issuer link; check the shop&apos;s network if it stays offline.</source>
        <translation>Warten auf die Verbindung zum Herausgeber; prüfen Sie das Netzwerk des Shops, falls sie offline bleibt.</translation>
    </message>
    <message>
        <source>Press Next and sign on with your retailer card.</source>
        <translation>Klicken Sie auf „Weiter“ und melden Sie sich mit Ihrer Händlerkarte an.</translation>
    </message>
    <message>
        <source>Press Next to serve a customer.</source>
        <translation>Klicken Sie auf „Weiter“, um einen Kunden zu bedienen.</translation>
    </message>
</context>
<context>
    <name>perso::station::Station</name>
    <message>
        <source>Press Cancel on the terminal&apos;s keypad</source>
        <translation>Drücken Sie Abbruch am PIN-Pad des Terminals</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CardPage</name>
    <message>
        <source>Remove the retailer card and insert the customer&apos;s card into the terminal.</source>
        <translation>Entnehmen Sie die Händlerkarte und stecken Sie die Karte des Kunden in das Terminal.</translation>
    </message>
    <message>
        <source>Remove the retailer card, insert a blank card from stock.</source>
        <translation>Entnehmen Sie die Händlerkarte und stecken Sie eine leere Karte aus dem Bestand ein.</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CompletionPage</name>
    <message>
        <source>Card %1 modified.</source>
        <translation>Karte %1 geändert.</translation>
    </message>
    <message>
        <source>Card %1 personalised.</source>
        <translation>Karte %1 personalisiert.</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CustomerPage</name>
    <message>
        <source>(choose)</source>
        <translation>(bitte wählen)</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Reisepass</translation>
    </message>
    <message>
        <source>National ID card</source>
        <translation>Personalausweis</translation>
    </message>
    <message>
        <source>Driving licence</source>
        <translation>Führerschein</translation>
    </message>
    <message>
        <source>Residence permit</source>
        <translation>Aufenthaltstitel</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::DecisionPage</name>
    <message>
        <source>Waiting for the issuer&apos;s decision…</source>
        <translation>Warten auf die Entscheidung des Herausgebers…</translation>
    </message>
    <message>
        <source>No decision</source>
        <translation>Keine Entscheidung</translation>
    </message>
    <message>
        <source>See the message above; then press Next customer to start over.</source>
        <translation>Beachten Sie die Meldung oben; klicken Sie dann auf „Nächster Kunde“, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>Press Next, then insert the customer&apos;s card.</source>
        <translation>Klicken Sie auf „Weiter“ und stecken Sie dann die Karte des Kunden ein.</translation>
    </message>
    <message>
        <source>Press Next, then insert a blank card from stock.</source>
        <translation>Klicken Sie auf „Weiter“ und stecken Sie dann eine leere Karte aus dem Bestand ein.</translation>
    </message>
    <message>
        <source>No card can be issued. Press Next customer.</source>
        <translation>Es kann keine Karte ausgegeben werden. Klicken Sie auf „Nächster Kunde“.</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::DiagnosticsDialog</name>
    <message>
        <source>Readers:</source>
        <translation>Leser:</translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation>  (keine)</translation>
    </message>
    <message>
        <source>PC/SC problem: %1</source>
        <translation>PC/SC-Problem: %1</translation>
    </message>
    <message>
        <source>Terminal reader: %1</source>
        <translation>Terminal-Leser: %1</translation>
    </message>
    <message>
        <source>ATR: %1</source>
        <translation>ATR: %1</translation>
    </message>
    <message>
        <source>Part 10 features: %1</source>
        <translation>Part-10-Funktionen: %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Terminal reader: not found</source>
        <translation>Terminal-Leser: nicht gefunden</translation>
    </message>
    <message>
        <source>Terminal: id %1, firmware %2, state %3%4</source>
        <translation>Terminal: ID %1, Firmware %2, Zustand %3%4</translation>
    </message>
    <message>
        <source>, TAMPERED</source>
        <translation>, MANIPULIERT</translation>
    </message>
    <message>
        <source>Issuer link: %1 %2</source>
        <translation>Verbindung zum Herausgeber: %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>Journal: %n row(s), chain %1</source>
        <translation>
            <numerusform>Journal: %n Eintrag, Kette %1</numerusform>
            <numerusform>Journal: %n Einträge, Kette %1</numerusform>
        </translation>
    </message>
    <message>
        <source>intact</source>
        <translation>intakt</translation>
    </message>
    <message>
        <source>NOT intact: %1</source>
        <translation>NICHT intakt: %1</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>Versionen:</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>In die Zwischenablage &amp;kopieren</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Schließen</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::ErrorBanner</name>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>SECURITY ALERT: %1</source>
        <translation>SICHERHEITSALARM: %1</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::JournalModel</name>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaktion</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::JournalView</name>
    <message>
        <source>Export the journal</source>
        <translation>Journal exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exportiert nach %1.</translation>
    </message>
    <message>
        <source>Transaction journal</source>
        <translation>Transaktionsjournal</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Ereignis:</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Between</source>
        <translation>&amp;Zeitraum</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Suche:</translation>
    </message>
    <message>
        <source>ICCID, MSISDN, masked name…</source>
        <translation>ICCID, MSISDN, maskierter Name…</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>Kette &amp;prüfen</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>&amp;Reprint receipt</source>
        <translation>Beleg &amp;nachdrucken</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>Sch&amp;ließen</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n row(s) checked.</source>
        <translation>
            <numerusform>Kette intakt: %n Eintrag geprüft.</numerusform>
            <numerusform>Kette intakt: %n Einträge geprüft.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain NOT intact: %1</source>
        <translation>Kette NICHT intakt: %1</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::MainWindow</name>
    <message>
        <source>retail-perso station</source>
        <translation>retail-perso Station</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>S&amp;prache</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Aktionen</translation>
    </message>
    <message>
        <source>&amp;Modify a card</source>
        <translation>&amp;Karte ändern</translation>
    </message>
    <message>
        <source>&amp;Journal</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Diagnostics</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <source>Sign o&amp;ff</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Security alert</source>
        <translation>Sicherheitsalarm</translation>
    </message>
    <message>
        <source>Receipt written: %1</source>
        <translation>Beleg geschrieben: %1</translation>
    </message>
    <message>
        <source>Quit during personalisation?</source>
        <translation>Während der Personalisierung beenden?</translation>
    </message>
    <message>
        <source>A card is being written. Cancel it safely first (the card becomes void), then quit?</source>
        <translation>Eine Karte wird gerade beschrieben. Zuerst sicher abbrechen (die Karte wird ungültig) und dann beenden?</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::ProgressPage</name>
    <message>
        <source>Card verified by the issuer.</source>
        <translation>Karte vom Herausgeber bestätigt.</translation>
    </message>
    <message>
        <source>Stopped. See the message above.</source>
        <translation>Angehalten. Beachten Sie die Meldung oben.</translation>
    </message>
    <message>
        <source>Waiting for the issuer to verify the card…</source>
        <translation>Warten auf die Bestätigung der Karte durch den Herausgeber…</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Schritt %1 von %2: %3</translation>
    </message>
    <message>
        <source>Fetching the personalisation package…</source>
        <translation>Personalisierungspaket wird abgerufen…</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::SettingsDialog</name>
    <message>
        <source>Type the issuer&apos;s host name (no spaces).</source>
        <translation>Geben Sie den Hostnamen des Herausgebers ein (ohne Leerzeichen).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Issuer &amp;host:</source>
        <translation>Herausgeber-&amp;Host:</translation>
    </message>
    <message>
        <source>Issuer &amp;port:</source>
        <translation>Herausgeber-&amp;Port:</translation>
    </message>
    <message>
        <source>Terminal &amp;reader:</source>
        <translation>Terminal-&amp;Leser:</translation>
    </message>
    <message>
        <source>Receipt p&amp;rinter:</source>
        <translation>Beleg&amp;drucker:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Automatic (the PERSO-TERM terminal)</source>
        <translation>Automatisch (das PERSO-TERM-Terminal)</translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation>Jedes Mal fragen</translation>
    </message>
    <message>
        <source>PDF files only</source>
        <translation>Nur PDF-Dateien</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::SignOnPage</name>
    <message>
        <source>Signed on.</source>
        <translation>Angemeldet.</translation>
    </message>
    <message>
        <source>Waiting for your PIN on the terminal&apos;s keypad…</source>
        <translation>Warten auf Ihre PIN-Eingabe am PIN-Pad des Terminals…</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::StationWizard</name>
    <message>
        <source>Receipt saved: %1</source>
        <translation>Beleg gespeichert: %1</translation>
    </message>
    <message>
        <source>Receipt printed (customer and shop copies).</source>
        <translation>Beleg gedruckt (Kunden- und Shop-Exemplar).</translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation>Beleg als PDF speichern</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF-Dateien (*.pdf)</translation>
    </message>
    <message>
        <source>Cancel the personalisation?</source>
        <translation>Personalisierung abbrechen?</translation>
    </message>
    <message>
        <source>The card is being written. Cancel safely? The issuer records the card as void.</source>
        <translation>Die Karte wird gerade beschrieben. Sicher abbrechen? Der Herausgeber vermerkt die Karte als ungültig.</translation>
    </message>
</context>
</TS>
