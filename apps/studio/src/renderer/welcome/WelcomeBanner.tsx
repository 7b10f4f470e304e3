/** The first-run line at the top of the view pane: what this is, and the two ways in. */
export function WelcomeBanner({ onTour, onGallery, onDismiss }: { onTour(): void; onGallery(): void; onDismiss(): void }) {
  return (
    <div className="studio-welcome" role="region" aria-label="Welcome" data-testid="welcome">
      <p>
        <strong>Welcome to ConvStudio.</strong> This is the document’s worked example, computed live: edit any layer or kernel and every map follows.
      </p>
      <div className="studio-welcome-actions">
        <button type="button" onClick={onTour}>Take the tour</button>
        <button type="button" onClick={onGallery}>Browse projects</button>
        <button type="button" onClick={onDismiss} aria-label="Dismiss the welcome">×</button>
      </div>
    </div>
  );
}
