<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CardPage</name>
    <message>
        <source>Customer card</source>
        <translation>Carte client</translation>
    </message>
    <message>
        <source>Insert the card to personalise.</source>
        <translation>Insérez la carte à personnaliser.</translation>
    </message>
    <message>
        <source>Remove the retailer card, insert a blank card from stock.</source>
        <translation>Retirez la carte vendeur et insérez une carte vierge du stock.</translation>
    </message>
    <message>
        <source>ICCID:</source>
        <translation>ICCID :</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>Batch:</source>
        <translation>Lot :</translation>
    </message>
</context>
<context>
    <name>CompletionPage</name>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>The card is ready. Hand it to the customer with the receipt.</source>
        <translation>La carte est prête. Remettez-la au client avec le reçu.</translation>
    </message>
    <message>
        <source>Phone number (MSISDN):</source>
        <translation>Numéro de téléphone (MSISDN) :</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>&amp;Print receipt</source>
        <translation>&amp;Imprimer le reçu</translation>
    </message>
    <message>
        <source>Save P&amp;DF…</source>
        <translation>Enregistrer en P&amp;DF…</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>&amp;Client suivant</translation>
    </message>
    <message>
        <source>Sign o&amp;ff</source>
        <translation>&amp;Fermer la session</translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <source>Customer details</source>
        <translation>Données du client</translation>
    </message>
    <message>
        <source>Type the details from the customer&apos;s ID document. Next is enabled once every field is valid.</source>
        <translation>Saisissez les données de la pièce d&apos;identité du client. « Suivant » est activé dès que tous les champs sont valides.</translation>
    </message>
    <message>
        <source>&amp;Given names:</source>
        <translation>P&amp;rénoms :</translation>
    </message>
    <message>
        <source>&amp;Family name:</source>
        <translation>&amp;Nom de famille :</translation>
    </message>
    <message>
        <source>Date of &amp;birth:</source>
        <translation>&amp;Date de naissance :</translation>
    </message>
    <message>
        <source>Address line &amp;1:</source>
        <translation>Adresse, ligne &amp;1 :</translation>
    </message>
    <message>
        <source>Address line 2:</source>
        <translation>Adresse, ligne 2 :</translation>
    </message>
    <message>
        <source>Address line 3:</source>
        <translation>Adresse, ligne 3 :</translation>
    </message>
    <message>
        <source>Address line 4:</source>
        <translation>Adresse, ligne 4 :</translation>
    </message>
    <message>
        <source>P&amp;ostcode:</source>
        <translation>Code p&amp;ostal :</translation>
    </message>
    <message>
        <source>Ci&amp;ty:</source>
        <translation>&amp;Ville :</translation>
    </message>
    <message>
        <source>C&amp;ountry:</source>
        <translation>P&amp;ays :</translation>
    </message>
    <message>
        <source>ID &amp;document:</source>
        <translation>Pièce d&apos;&amp;identité :</translation>
    </message>
    <message>
        <source>ID n&amp;umber:</source>
        <translation>N&amp;uméro de la pièce :</translation>
    </message>
    <message>
        <source>&amp;E-mail:</source>
        <translation>&amp;E-mail :</translation>
    </message>
    <message>
        <source>&amp;Phone:</source>
        <translation>&amp;Téléphone :</translation>
    </message>
    <message>
        <source>+491701234567</source>
        <translation>+33612345678</translation>
    </message>
    <message>
        <source>P&amp;lan:</source>
        <translation>&amp;Forfait :</translation>
    </message>
    <message>
        <source>&amp;Modify the customer&apos;s existing card (no new SIM)</source>
        <translation>&amp;Modifier la carte existante du client (pas de nouvelle SIM)</translation>
    </message>
</context>
<context>
    <name>CustomerValidation</name>
    <message numerus="yes">
        <source>Too long: at most %n characters.</source>
        <translation>
            <numerusform>Trop long : %n caractère au maximum.</numerusform>
            <numerusform>Trop long : %n caractères au maximum.</numerusform>
        </translation>
    </message>
    <message>
        <source>Contains a control character; retype it.</source>
        <translation>Contient un caractère de contrôle ; ressaisissez-le.</translation>
    </message>
    <message>
        <source>Not an e-mail address (no spaces, 3 to 254 characters).</source>
        <translation>Adresse e-mail non valide (sans espaces, 3 à 254 caractères).</translation>
    </message>
    <message>
        <source>Not an e-mail address: it needs exactly one @ between a name and a domain.</source>
        <translation>Adresse e-mail non valide : il faut exactement un @ entre un nom et un domaine.</translation>
    </message>
    <message>
        <source>Start the phone number with + and the country code, e.g. +49.</source>
        <translation>Commencez le numéro par + et l&apos;indicatif du pays, p. ex. +33.</translation>
    </message>
    <message>
        <source>A phone number is + followed by 3 to 15 digits.</source>
        <translation>Un numéro de téléphone se compose de + suivi de 3 à 15 chiffres.</translation>
    </message>
    <message>
        <source>Type the given names.</source>
        <translation>Saisissez les prénoms.</translation>
    </message>
    <message>
        <source>Type the family name.</source>
        <translation>Saisissez le nom de famille.</translation>
    </message>
    <message>
        <source>Enter the date of birth (1900 or later).</source>
        <translation>Saisissez la date de naissance (1900 ou après).</translation>
    </message>
    <message>
        <source>The date of birth is in the future.</source>
        <translation>La date de naissance est dans le futur.</translation>
    </message>
    <message>
        <source>Type the street and house number in line 1.</source>
        <translation>Saisissez le numéro et la rue à la ligne 1.</translation>
    </message>
    <message>
        <source>Type the city.</source>
        <translation>Saisissez la ville.</translation>
    </message>
    <message>
        <source>Choose the country.</source>
        <translation>Choisissez le pays.</translation>
    </message>
    <message>
        <source>Type the ID document&apos;s number.</source>
        <translation>Saisissez le numéro de la pièce d&apos;identité.</translation>
    </message>
    <message>
        <source>Letters, digits and symbols only, no spaces, at most 32 characters.</source>
        <translation>Lettres, chiffres et symboles uniquement, sans espaces, 32 caractères au maximum.</translation>
    </message>
    <message>
        <source>Type an e-mail address or a phone number (at least one).</source>
        <translation>Saisissez une adresse e-mail ou un numéro de téléphone (au moins l&apos;un des deux).</translation>
    </message>
    <message>
        <source>Choose a plan.</source>
        <translation>Choisissez un forfait.</translation>
    </message>
</context>
<context>
    <name>DecisionPage</name>
    <message>
        <source>Assessment</source>
        <translation>Évaluation</translation>
    </message>
    <message>
        <source>The issuer assesses the customer.</source>
        <translation>L&apos;émetteur évalue le client.</translation>
    </message>
    <message>
        <source>Waiting for the issuer&apos;s decision…</source>
        <translation>En attente de la décision de l&apos;émetteur…</translation>
    </message>
    <message>
        <source>&amp;Next customer</source>
        <translation>&amp;Client suivant</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Personalisation</source>
        <translation>Personnalisation</translation>
    </message>
    <message>
        <source>The terminal writes the card. Do not remove it.</source>
        <translation>Le terminal écrit la carte. Ne la retirez pas.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <source>&amp;Cancel personalisation</source>
        <translation>&amp;Annuler la personnalisation</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Print the receipt (customer and shop copies)</source>
        <translation>Imprimer le reçu (exemplaires client et boutique)</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <source>SIM card hand-over receipt</source>
        <translation>Reçu de remise de carte SIM</translation>
    </message>
    <message>
        <source>Customer copy</source>
        <translation>Exemplaire client</translation>
    </message>
    <message>
        <source>Shop copy</source>
        <translation>Exemplaire boutique</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>Modification of an existing card</source>
        <translation>Modification d&apos;une carte existante</translation>
    </message>
    <message>
        <source>New card</source>
        <translation>Nouvelle carte</translation>
    </message>
    <message>
        <source>Retailer</source>
        <translation>Vendeur</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>Boutique</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Date et heure</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Forfait</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Numéro de téléphone</translation>
    </message>
    <message>
        <source>SIM card number (ICCID)</source>
        <translation>Numéro de carte SIM (ICCID)</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Reçu</translation>
    </message>
    <message>
        <source>Signed by the issuer</source>
        <translation>Signé par l&apos;émetteur</translation>
    </message>
    <message>
        <source>QR code of the signed receipt</source>
        <translation>Code QR du reçu signé</translation>
    </message>
    <message>
        <source>The QR code holds the receipt as the issuer signed it.</source>
        <translation>Le code QR contient le reçu tel que l&apos;émetteur l&apos;a signé.</translation>
    </message>
</context>
<context>
    <name>SignOnPage</name>
    <message>
        <source>Retailer sign-on</source>
        <translation>Connexion du vendeur</translation>
    </message>
    <message>
        <source>Sign on with your retailer card.</source>
        <translation>Connectez-vous avec votre carte vendeur.</translation>
    </message>
    <message>
        <source>Insert your retailer card and type your PIN on the terminal&apos;s keypad.</source>
        <translation>Insérez votre carte vendeur et saisissez votre PIN sur le clavier du terminal.</translation>
    </message>
    <message>
        <source>&amp;Sign on</source>
        <translation>Se &amp;connecter</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Station status</source>
        <translation>État du poste</translation>
    </message>
    <message>
        <source>Check that everything is ready, then press Next.</source>
        <translation>Vérifiez que tout est prêt, puis cliquez sur « Suivant ».</translation>
    </message>
    <message>
        <source>Issuer link: unknown</source>
        <translation>Liaison avec l&apos;émetteur : inconnue</translation>
    </message>
    <message>
        <source>Terminal: unknown</source>
        <translation>Terminal : inconnu</translation>
    </message>
    <message>
        <source>Retailer: not signed on</source>
        <translation>Vendeur : non connecté</translation>
    </message>
    <message>
        <source>What to do next appears here.</source>
        <translation>La prochaine étape s&apos;affiche ici.</translation>
    </message>
</context>
<context>
    <name>StationError</name>
    <message numerus="yes">
        <source>Wrong retailer PIN (%n tries left).</source>
        <translation>
            <numerusform>PIN vendeur erroné (%n essai restant).</numerusform>
            <numerusform>PIN vendeur erroné (%n essais restants).</numerusform>
        </translation>
    </message>
    <message>
        <source>The issuer cannot be reached.</source>
        <translation>L&apos;émetteur est injoignable.</translation>
    </message>
    <message>
        <source>The issuer&apos;s certificate is not the one this shop trusts.</source>
        <translation>Le certificat de l&apos;émetteur n&apos;est pas celui auquel cette boutique fait confiance.</translation>
    </message>
    <message>
        <source>The issuer refused the request.</source>
        <translation>L&apos;émetteur a refusé la demande.</translation>
    </message>
    <message>
        <source>The issuer sent an answer the station does not understand.</source>
        <translation>L&apos;émetteur a envoyé une réponse que le poste ne comprend pas.</translation>
    </message>
    <message>
        <source>The secure terminal is not connected.</source>
        <translation>Le terminal sécurisé n&apos;est pas connecté.</translation>
    </message>
    <message>
        <source>The secure terminal does not answer.</source>
        <translation>Le terminal sécurisé ne répond pas.</translation>
    </message>
    <message>
        <source>The secure terminal is busy.</source>
        <translation>Le terminal sécurisé est occupé.</translation>
    </message>
    <message>
        <source>The secure terminal sent an unexpected answer.</source>
        <translation>Le terminal sécurisé a envoyé une réponse inattendue.</translation>
    </message>
    <message>
        <source>The secure terminal reports that it was tampered with.</source>
        <translation>Le terminal sécurisé signale une effraction.</translation>
    </message>
    <message>
        <source>There is no retailer card in the terminal.</source>
        <translation>Il n&apos;y a pas de carte vendeur dans le terminal.</translation>
    </message>
    <message>
        <source>Wrong retailer PIN.</source>
        <translation>PIN vendeur erroné.</translation>
    </message>
    <message>
        <source>The retailer card is blocked.</source>
        <translation>La carte vendeur est bloquée.</translation>
    </message>
    <message>
        <source>Security alert: the issuer could not be authenticated.</source>
        <translation>Alerte de sécurité : l&apos;émetteur n&apos;a pas pu être authentifié.</translation>
    </message>
    <message>
        <source>The issuer refused this retailer card or terminal.</source>
        <translation>L&apos;émetteur a refusé cette carte vendeur ou ce terminal.</translation>
    </message>
    <message>
        <source>Cancel was pressed on the keypad.</source>
        <translation>La touche Annuler du clavier a été pressée.</translation>
    </message>
    <message>
        <source>Nothing was typed on the keypad in time.</source>
        <translation>Rien n&apos;a été saisi à temps sur le clavier.</translation>
    </message>
    <message>
        <source>The keypad refused the PIN (entries differed or too simple).</source>
        <translation>Le clavier a refusé le PIN (saisies différentes ou trop simple).</translation>
    </message>
    <message>
        <source>There is no customer card in the terminal.</source>
        <translation>Il n&apos;y a pas de carte client dans le terminal.</translation>
    </message>
    <message>
        <source>The card in the terminal cannot be read.</source>
        <translation>La carte dans le terminal est illisible.</translation>
    </message>
    <message>
        <source>The card was removed during personalisation.</source>
        <translation>La carte a été retirée pendant la personnalisation.</translation>
    </message>
    <message>
        <source>This is not the card the personalisation was prepared for.</source>
        <translation>Ce n&apos;est pas la carte pour laquelle la personnalisation a été préparée.</translation>
    </message>
    <message>
        <source>The card could not be personalised.</source>
        <translation>La carte n&apos;a pas pu être personnalisée.</translation>
    </message>
    <message>
        <source>The issuer did not approve this customer.</source>
        <translation>L&apos;émetteur n&apos;a pas accepté ce client.</translation>
    </message>
    <message>
        <source>No retailer is signed on.</source>
        <translation>Aucun vendeur n&apos;est connecté.</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>Some information is missing or not valid.</source>
        <translation>Des informations manquent ou ne sont pas valides.</translation>
    </message>
    <message>
        <source>The transaction journal cannot be written.</source>
        <translation>Impossible d&apos;écrire dans le journal des transactions.</translation>
    </message>
    <message>
        <source>Something went wrong inside the station.</source>
        <translation>Une erreur interne s&apos;est produite dans le poste.</translation>
    </message>
    <message>
        <source>Check the shop&apos;s internet connection; the station keeps retrying. Then sign on again.</source>
        <translation>Vérifiez la connexion Internet de la boutique ; le poste réessaie automatiquement. Reconnectez-vous ensuite.</translation>
    </message>
    <message>
        <source>Do not continue. Call the issuer&apos;s help desk: the connection may be intercepted.</source>
        <translation>N&apos;allez pas plus loin. Appelez l&apos;assistance de l&apos;émetteur : la connexion est peut-être interceptée.</translation>
    </message>
    <message>
        <source>Sign on again. If it happens again, call the issuer&apos;s help desk.</source>
        <translation>Reconnectez-vous. Si le problème se reproduit, appelez l&apos;assistance de l&apos;émetteur.</translation>
    </message>
    <message>
        <source>Connect the secure terminal and check that the smart card service (pcscd) is running.</source>
        <translation>Branchez le terminal sécurisé et vérifiez que le service de cartes à puce (pcscd) est en cours d&apos;exécution.</translation>
    </message>
    <message>
        <source>Wait a moment and try again. If it persists, unplug the terminal and plug it in again.</source>
        <translation>Patientez un instant et réessayez. Si le problème persiste, débranchez puis rebranchez le terminal.</translation>
    </message>
    <message>
        <source>Stop using this terminal and call the issuer&apos;s help desk.</source>
        <translation>Cessez d&apos;utiliser ce terminal et appelez l&apos;assistance de l&apos;émetteur.</translation>
    </message>
    <message>
        <source>Insert your retailer card into the terminal, then sign on.</source>
        <translation>Insérez votre carte vendeur dans le terminal, puis connectez-vous.</translation>
    </message>
    <message>
        <source>Sign on again and type the PIN carefully on the terminal&apos;s keypad.</source>
        <translation>Reconnectez-vous et saisissez soigneusement le PIN sur le clavier du terminal.</translation>
    </message>
    <message>
        <source>Ask the issuer to unblock the retailer card; use another retailer card meanwhile.</source>
        <translation>Demandez à l&apos;émetteur de débloquer la carte vendeur ; utilisez une autre carte vendeur en attendant.</translation>
    </message>
    <message>
        <source>Do not personalise cards. Call the issuer&apos;s security desk and report this alert.</source>
        <translation>Ne personnalisez aucune carte. Appelez le service de sécurité de l&apos;émetteur et signalez cette alerte.</translation>
    </message>
    <message>
        <source>Call the issuer&apos;s help desk with the shop and terminal id shown in Diagnostics.</source>
        <translation>Appelez l&apos;assistance de l&apos;émetteur en indiquant les identifiants de boutique et de terminal affichés dans Diagnostic.</translation>
    </message>
    <message>
        <source>Start again; type on the terminal&apos;s keypad and press OK.</source>
        <translation>Recommencez, tapez sur le clavier du terminal et validez avec OK.</translation>
    </message>
    <message>
        <source>Remove the retailer card and insert a card from stock into the terminal.</source>
        <translation>Retirez la carte vendeur et insérez une carte du stock dans le terminal.</translation>
    </message>
    <message>
        <source>Put this card aside and insert another card from stock.</source>
        <translation>Mettez cette carte de côté et insérez une autre carte du stock.</translation>
    </message>
    <message>
        <source>Put this card aside as void and personalise a new card from stock.</source>
        <translation>Mettez cette carte de côté comme invalide et personnalisez une nouvelle carte du stock.</translation>
    </message>
    <message>
        <source>Insert the card that was detected first, or start again with this card.</source>
        <translation>Insérez la carte détectée en premier, ou recommencez avec cette carte.</translation>
    </message>
    <message>
        <source>Tell the customer that no card can be issued today; the reason is shown above.</source>
        <translation>Informez le client qu&apos;aucune carte ne peut être délivrée aujourd&apos;hui ; le motif est indiqué ci-dessus.</translation>
    </message>
    <message>
        <source>Sign on with your retailer card first.</source>
        <translation>Connectez-vous d&apos;abord avec votre carte vendeur.</translation>
    </message>
    <message>
        <source>Continue with the next customer.</source>
        <translation>Passez au client suivant.</translation>
    </message>
    <message>
        <source>Correct the highlighted fields.</source>
        <translation>Corrigez les champs signalés.</translation>
    </message>
    <message>
        <source>Check the free disk space, then restart the station.</source>
        <translation>Vérifiez l&apos;espace disque libre, puis redémarrez le poste.</translation>
    </message>
    <message>
        <source>Restart the station. If it happens again, send the diagnostics to support.</source>
        <translation>Redémarrez le poste. Si le problème se reproduit, envoyez le diagnostic au support.</translation>
    </message>
</context>
<context>
    <name>StatusTexts</name>
    <message>
        <source>Issuer: online</source>
        <translation>Émetteur : en ligne</translation>
    </message>
    <message>
        <source>Issuer: connecting…</source>
        <translation>Émetteur : connexion…</translation>
    </message>
    <message>
        <source>Issuer: offline</source>
        <translation>Émetteur : hors ligne</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Terminal: TAMPERED, do not use</source>
        <translation>Terminal : FORCÉ, ne pas utiliser</translation>
    </message>
    <message>
        <source>Terminal: not connected</source>
        <translation>Terminal : non connecté</translation>
    </message>
    <message>
        <source>Terminal: ready, slot empty</source>
        <translation>Terminal : prêt, lecteur vide</translation>
    </message>
    <message>
        <source>Terminal: ready, retailer card in the slot</source>
        <translation>Terminal : prêt, carte vendeur dans le lecteur</translation>
    </message>
    <message>
        <source>Terminal: ready, customer card in the slot</source>
        <translation>Terminal : prêt, carte client dans le lecteur</translation>
    </message>
    <message>
        <source>Terminal: ready</source>
        <translation>Terminal : prêt</translation>
    </message>
    <message>
        <source>Retailer: not signed on</source>
        <translation>Vendeur : non connecté</translation>
    </message>
    <message>
        <source>Retailer: %1 signed on (shop %2)</source>
        <translation>Vendeur : %1 connecté (boutique %2)</translation>
    </message>
    <message>
        <source>The customer is under the minimum age for a contract.</source>
        <translation>Le client n&apos;a pas l&apos;âge minimum requis pour un contrat.</translation>
    </message>
    <message>
        <source>The ID document is not valid for this purpose (type or number).</source>
        <translation>La pièce d&apos;identité n&apos;est pas valable pour cet usage (type ou numéro).</translation>
    </message>
    <message>
        <source>The issuer cannot serve this customer (deny list). Do not discuss the details.</source>
        <translation>L&apos;émetteur ne peut pas servir ce client (liste d&apos;exclusion). N&apos;en discutez pas les détails.</translation>
    </message>
    <message>
        <source>The customer already holds the maximum number of cards.</source>
        <translation>Le client détient déjà le nombre maximal de cartes.</translation>
    </message>
    <message>
        <source>The plan is not offered; choose another plan.</source>
        <translation>Ce forfait n&apos;est pas proposé ; choisissez-en un autre.</translation>
    </message>
    <message>
        <source>The date of birth is not plausible; check the ID document.</source>
        <translation>La date de naissance n&apos;est pas plausible ; vérifiez la pièce d&apos;identité.</translation>
    </message>
    <message>
        <source>Referred: the customer is near the card limit. The issuer&apos;s back office decides; no card now.</source>
        <translation>Transmis pour examen : le client approche de la limite de cartes. Le back-office de l&apos;émetteur décide ; pas de carte pour l&apos;instant.</translation>
    </message>
    <message>
        <source>Reason code %1.</source>
        <translation>Code motif %1.</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Accepté</translation>
    </message>
    <message>
        <source>Declined</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <source>Referred</source>
        <translation>Transmis pour examen</translation>
    </message>
    <message>
        <source>The terminal reports tampering. Do not use it; call the issuer&apos;s help desk.</source>
        <translation>Le terminal signale une effraction. Ne l&apos;utilisez pas ; appelez l&apos;assistance de l&apos;émetteur.</translation>
    </message>
    <message>
        <source>Connect the terminal (USB) and wait until it shows as ready.</source>
        <translation>Branchez le terminal (USB) et attendez qu&apos;il soit indiqué comme prêt.</translation>
    </message>
    <message>
        <source>Waiting for the issuer link; check the shop&apos;s network if it stays offline.</source>
        <translation>En attente de la liaison avec l&apos;émetteur ; vérifiez le réseau de la boutique si elle reste hors ligne.</translation>
    </message>
    <message>
        <source>Press Next and sign on with your retailer card.</source>
        <translation>Cliquez sur « Suivant » et connectez-vous avec votre carte vendeur.</translation>
    </message>
    <message>
        <source>Press Next to serve a customer.</source>
        <translation>Cliquez sur « Suivant » pour servir un client.</translation>
    </message>
</context>
<context>
    <name>perso::station::Station</name>
    <message>
        <source>Press Cancel on the terminal&apos;s keypad</source>
        <translation>Appuyez sur Annuler sur le clavier du terminal</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CardPage</name>
    <message>
        <source>Remove the retailer card and insert the customer&apos;s card into the terminal.</source>
        <translation>Retirez la carte vendeur et insérez la carte du client dans le terminal.</translation>
    </message>
    <message>
        <source>Remove the retailer card, insert a blank card from stock.</source>
        <translation>Retirez la carte vendeur et insérez une carte vierge du stock.</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CompletionPage</name>
    <message>
        <source>Card %1 modified.</source>
        <translation>Carte %1 modifiée.</translation>
    </message>
    <message>
        <source>Card %1 personalised.</source>
        <translation>Carte %1 personnalisée.</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::CustomerPage</name>
    <message>
        <source>(choose)</source>
        <translation>(choisir)</translation>
    </message>
    <message>
        <source>Passport</source>
        <translation>Passeport</translation>
    </message>
    <message>
        <source>National ID card</source>
        <translation>Carte nationale d&apos;identité</translation>
    </message>
    <message>
        <source>Driving licence</source>
        <translation>Permis de conduire</translation>
    </message>
    <message>
        <source>Residence permit</source>
        <translation>Titre de séjour</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::DecisionPage</name>
    <message>
        <source>Waiting for the issuer&apos;s decision…</source>
        <translation>En attente de la décision de l&apos;émetteur…</translation>
    </message>
    <message>
        <source>No decision</source>
        <translation>Aucune décision</translation>
    </message>
    <message>
        <source>See the message above; then press Next customer to start over.</source>
        <translation>Lisez le message ci-dessus, puis cliquez sur « Client suivant » pour recommencer.</translation>
    </message>
    <message>
        <source>Press Next, then insert the customer&apos;s card.</source>
        <translation>Cliquez sur « Suivant », puis insérez la carte du client.</translation>
    </message>
    <message>
        <source>Press Next, then insert a blank card from stock.</source>
        <translation>Cliquez sur « Suivant », puis insérez une carte vierge du stock.</translation>
    </message>
    <message>
        <source>No card can be issued. Press Next customer.</source>
        <translation>Aucune carte ne peut être délivrée. Cliquez sur « Client suivant ».</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::DiagnosticsDialog</name>
    <message>
        <source>Readers:</source>
        <translation>Lecteurs :</translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation>  (aucun)</translation>
    </message>
    <message>
        <source>PC/SC problem: %1</source>
        <translation>Problème PC/SC : %1</translation>
    </message>
    <message>
        <source>Terminal reader: %1</source>
        <translation>Lecteur du terminal : %1</translation>
    </message>
    <message>
        <source>ATR: %1</source>
        <translation>ATR : %1</translation>
    </message>
    <message>
        <source>Part 10 features: %1</source>
        <translation>Fonctions Part 10 : %1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucune</translation>
    </message>
    <message>
        <source>Terminal reader: not found</source>
        <translation>Lecteur du terminal : introuvable</translation>
    </message>
    <message>
        <source>Terminal: id %1, firmware %2, state %3%4</source>
        <translation>Terminal : ID %1, micrologiciel %2, état %3%4</translation>
    </message>
    <message>
        <source>, TAMPERED</source>
        <translation>, FORCÉ</translation>
    </message>
    <message>
        <source>Issuer link: %1 %2</source>
        <translation>Liaison avec l&apos;émetteur : %1 %2</translation>
    </message>
    <message numerus="yes">
        <source>Journal: %n row(s), chain %1</source>
        <translation>
            <numerusform>Journal : %n ligne, chaîne %1</numerusform>
            <numerusform>Journal : %n lignes, chaîne %1</numerusform>
        </translation>
    </message>
    <message>
        <source>intact</source>
        <translation>intacte</translation>
    </message>
    <message>
        <source>NOT intact: %1</source>
        <translation>NON intacte : %1</translation>
    </message>
    <message>
        <source>Versions:</source>
        <translation>Versions :</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostic</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>&amp;Copier dans le presse-papiers</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Fermer</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::ErrorBanner</name>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>SECURITY ALERT: %1</source>
        <translation>ALERTE DE SÉCURITÉ : %1</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::JournalModel</name>
    <message>
        <source>No.</source>
        <translation>N°</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Transaction</source>
        <translation>Transaction</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::JournalView</name>
    <message>
        <source>Export the journal</source>
        <translation>Exporter le journal</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
        <source>Exported to %1.</source>
        <translation>Exporté vers %1.</translation>
    </message>
    <message>
        <source>Transaction journal</source>
        <translation>Journal des transactions</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>É&amp;vénement :</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Tous les événements</translation>
    </message>
    <message>
        <source>&amp;Between</source>
        <translation>&amp;Période</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>Re&amp;chercher :</translation>
    </message>
    <message>
        <source>ICCID, MSISDN, masked name…</source>
        <translation>ICCID, MSISDN, nom masqué…</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>Vérifier la c&amp;haîne</translation>
    </message>
    <message>
        <source>E&amp;xport CSV…</source>
        <translation>E&amp;xporter en CSV…</translation>
    </message>
    <message>
        <source>&amp;Reprint receipt</source>
        <translation>&amp;Réimprimer le reçu</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message numerus="yes">
        <source>Chain intact: %n row(s) checked.</source>
        <translation>
            <numerusform>Chaîne intacte : %n ligne vérifiée.</numerusform>
            <numerusform>Chaîne intacte : %n lignes vérifiées.</numerusform>
        </translation>
    </message>
    <message>
        <source>Chain NOT intact: %1</source>
        <translation>Chaîne NON intacte : %1</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::MainWindow</name>
    <message>
        <source>retail-perso station</source>
        <translation>Poste retail-perso</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;Poste</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>&amp;Modify a card</source>
        <translation>&amp;Modifier une carte</translation>
    </message>
    <message>
        <source>&amp;Journal</source>
        <translation>&amp;Journal</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>Pa&amp;ramètres…</translation>
    </message>
    <message>
        <source>&amp;Diagnostics</source>
        <translation>&amp;Diagnostic</translation>
    </message>
    <message>
        <source>Sign o&amp;ff</source>
        <translation>&amp;Fermer la session</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Security alert</source>
        <translation>Alerte de sécurité</translation>
    </message>
    <message>
        <source>Receipt written: %1</source>
        <translation>Reçu enregistré : %1</translation>
    </message>
    <message>
        <source>Quit during personalisation?</source>
        <translation>Quitter pendant la personnalisation ?</translation>
    </message>
    <message>
        <source>A card is being written. Cancel it safely first (the card becomes void), then quit?</source>
        <translation>Une carte est en cours d&apos;écriture. L&apos;annuler d&apos;abord en toute sécurité (la carte devient invalide), puis quitter ?</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::ProgressPage</name>
    <message>
        <source>Card verified by the issuer.</source>
        <translation>Carte vérifiée par l&apos;émetteur.</translation>
    </message>
    <message>
        <source>Stopped. See the message above.</source>
        <translation>Arrêté. Lisez le message ci-dessus.</translation>
    </message>
    <message>
        <source>Waiting for the issuer to verify the card…</source>
        <translation>En attente de la vérification de la carte par l&apos;émetteur…</translation>
    </message>
    <message>
        <source>Step %1 of %2: %3</source>
        <translation>Étape %1 sur %2 : %3</translation>
    </message>
    <message>
        <source>Fetching the personalisation package…</source>
        <translation>Récupération du paquet de personnalisation…</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::SettingsDialog</name>
    <message>
        <source>Type the issuer&apos;s host name (no spaces).</source>
        <translation>Saisissez le nom d&apos;hôte de l&apos;émetteur (sans espaces).</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Issuer &amp;host:</source>
        <translation>&amp;Hôte de l&apos;émetteur :</translation>
    </message>
    <message>
        <source>Issuer &amp;port:</source>
        <translation>&amp;Port de l&apos;émetteur :</translation>
    </message>
    <message>
        <source>Terminal &amp;reader:</source>
        <translation>Lecteur du &amp;terminal :</translation>
    </message>
    <message>
        <source>Receipt p&amp;rinter:</source>
        <translation>&amp;Imprimante des reçus :</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>Automatic (the PERSO-TERM terminal)</source>
        <translation>Automatique (le terminal PERSO-TERM)</translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation>Toujours demander</translation>
    </message>
    <message>
        <source>PDF files only</source>
        <translation>Fichiers PDF uniquement</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::SignOnPage</name>
    <message>
        <source>Signed on.</source>
        <translation>Connecté.</translation>
    </message>
    <message>
        <source>Waiting for your PIN on the terminal&apos;s keypad…</source>
        <translation>En attente de votre PIN sur le clavier du terminal…</translation>
    </message>
</context>
<context>
    <name>perso::station::ui::StationWizard</name>
    <message>
        <source>Receipt saved: %1</source>
        <translation>Reçu enregistré : %1</translation>
    </message>
    <message>
        <source>Receipt printed (customer and shop copies).</source>
        <translation>Reçu imprimé (exemplaires client et boutique).</translation>
    </message>
    <message>
        <source>Save the receipt as PDF</source>
        <translation>Enregistrer le reçu en PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Cancel the personalisation?</source>
        <translation>Annuler la personnalisation ?</translation>
    </message>
    <message>
        <source>The card is being written. Cancel safely? The issuer records the card as void.</source>
        <translation>La carte est en cours d&apos;écriture. Annuler en toute sécurité ? L&apos;émetteur enregistre la carte comme invalide.</translation>
    </message>
</context>
</TS>
