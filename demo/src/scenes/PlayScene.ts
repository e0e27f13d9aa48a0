import Phaser from 'phaser';
import type { Session } from '../../../src/core/types.js';
import { readDemoConfig } from '../config.js';
import { openMatchPage } from '../match.js';
import { markScene, plyrOf } from '../plyr.js';
import { button, element, positioned } from '../ui.js';

const ROUND_MS = 20_000;
const SPAWN_MS = 550;
const BASKET_SPEED = 480; // px per second with the arrow keys
const TOP_BAR = 88;
const BOTTOM_BAR = 80;
const FONT = 'system-ui, sans-serif';

/** The playable scene: catch falling stars for 20 s, with the player's avatar, PLYR[ID] and account buttons. */
export class PlayScene extends Phaser.Scene {
  private basket!: Phaser.GameObjects.Image;
  private stars!: Phaser.GameObjects.Group;
  private cursors: Phaser.Types.Input.Keyboard.CursorKeys | undefined;
  private scoreText!: Phaser.GameObjects.Text;
  private timeText!: Phaser.GameObjects.Text;
  private targetX: number | null = null;
  private score = 0;
  private remainingMs = ROUND_MS;
  private sinceSpawnMs = 0;
  private playing = false;

  constructor() {
    super('Play');
  }

  create(): void {
    const plyr = plyrOf(this);
    const session = plyr?.session ?? null;
    if (plyr && !session) {
      // The session ended while another scene was showing (logout, claim): back to the title.
      this.scene.start('Title');
      return;
    }
    markScene('Play');
    this.makeTextures();
    const { width, height } = this.scale;
    this.add.rectangle(0, 0, width, TOP_BAR, 0x151b36).setOrigin(0);
    this.add.rectangle(0, height - BOTTOM_BAR, width, BOTTOM_BAR, 0x151b36).setOrigin(0);
    this.showPlayer(session);
    this.scoreText = this.add
      .text(width - 16, 18, '', { fontFamily: FONT, fontSize: '20px', color: '#ffcc33' })
      .setOrigin(1, 0);
    this.timeText = this.add
      .text(width - 16, 48, '', { fontFamily: FONT, fontSize: '16px', color: '#9aa4d6' })
      .setOrigin(1, 0);
    this.showAccountButtons(session);

    this.stars = this.add.group();
    this.basket = this.add.image(width / 2, height - BOTTOM_BAR - 28, 'demo-basket');
    this.cursors = this.input.keyboard?.createCursorKeys();
    this.input.on('pointermove', (p: Phaser.Input.Pointer) => {
      this.targetX = p.x;
    });
    this.input.on('pointerdown', (p: Phaser.Input.Pointer) => {
      this.targetX = p.x;
    });
    this.startRound();
  }

  override update(_time: number, delta: number): void {
    if (!this.playing) return;
    this.remainingMs = Math.max(0, this.remainingMs - delta);
    this.moveBasket(delta);
    this.sinceSpawnMs += delta;
    if (this.sinceSpawnMs >= SPAWN_MS) {
      this.sinceSpawnMs = 0;
      this.spawnStar();
    }
    this.updateStars(delta);
    this.timeText.setText(`${Math.ceil(this.remainingMs / 1000)} s`);
    if (this.remainingMs === 0) this.endRound();
  }

  private startRound(): void {
    this.score = 0;
    this.remainingMs = ROUND_MS;
    this.sinceSpawnMs = SPAWN_MS;
    this.playing = true;
    this.scoreText.setText('★ 0');
  }

  private endRound(): void {
    this.playing = false;
    this.stars.clear(true, true);
    const { width, height } = this.scale;
    const box = element('div', 'demo-result');
    box.append(
      element(
        'p',
        'demo-result-title',
        `Time's up! You caught ${this.score} star${this.score === 1 ? '' : 's'}.`,
      ),
      button('Play again', { 'data-demo': 'again' }, () => {
        dom.destroy();
        this.startRound();
      }),
    );
    const dom = this.add.dom(width / 2, height / 2, box);
  }

  private moveBasket(delta: number): void {
    const half = this.basket.displayWidth / 2;
    let x = this.basket.x;
    const step = (BASKET_SPEED * delta) / 1000;
    if (this.cursors?.left.isDown) {
      x -= step;
      this.targetX = null;
    } else if (this.cursors?.right.isDown) {
      x += step;
      this.targetX = null;
    } else if (this.targetX !== null) {
      x += Phaser.Math.Clamp(this.targetX - x, -step * 1.5, step * 1.5);
    }
    this.basket.x = Phaser.Math.Clamp(x, half, this.scale.width - half);
  }

  private spawnStar(): void {
    const x = Phaser.Math.Between(24, this.scale.width - 24);
    const star = this.add.image(x, TOP_BAR + 8, 'demo-star');
    star.setData('speed', Phaser.Math.Between(170, 300));
    this.stars.add(star);
  }

  private updateStars(delta: number): void {
    const catchY = this.basket.y - this.basket.displayHeight / 2;
    const half = this.basket.displayWidth / 2 + 8;
    for (const child of this.stars.getChildren().slice()) {
      const star = child as Phaser.GameObjects.Image;
      star.y += ((star.getData('speed') as number) * delta) / 1000;
      star.rotation += delta / 400;
      if (star.y >= catchY && star.y <= catchY + 24 && Math.abs(star.x - this.basket.x) <= half) {
        this.score += 1;
        this.scoreText.setText(`★ ${this.score}`);
        star.destroy();
      } else if (star.y > this.scale.height - BOTTOM_BAR) {
        star.destroy();
      }
    }
  }

  /** Avatar (loaded from the session's avatar URL; a placeholder when it cannot be loaded, e.g. offline) and PLYR[ID]. */
  private showPlayer(session: Session | null): void {
    const label = element('div', 'demo-player');
    const id = element('span', 'demo-player-id', session ? session.plyrId : 'offline');
    id.dataset.demo = 'plyr-id';
    label.append(id);
    if (session?.isGuest) label.append(element('span', 'demo-tag', 'guest'));
    this.add.dom(84, 28, positioned(label)).setOrigin(0, 0);

    const placeholder = this.add.container(44, 44, [
      this.add.circle(0, 0, 26, 0x2b3566),
      this.add
        .text(0, 0, (session?.plyrId ?? '?').charAt(0).toUpperCase(), {
          fontFamily: FONT,
          fontSize: '24px',
          color: '#e8ecff',
        })
        .setOrigin(0.5),
    ]);
    if (!session?.avatar) return;
    const key = `avatar:${session.plyrId}`;
    const show = () => {
      if (!this.sys.isActive() || !this.textures.exists(key)) return;
      placeholder.destroy();
      this.add.image(44, 44, key).setDisplaySize(52, 52);
    };
    if (this.textures.exists(key)) {
      show();
      return;
    }
    // A plain <img> rather than Phaser's loader: the loader fetches with XHR, which the page's CSP (connect-src)
    // rightly refuses for a third-party host. An unreachable avatar (offline, no CORS) keeps the placeholder.
    const img = new Image();
    img.crossOrigin = 'anonymous';
    img.referrerPolicy = 'no-referrer';
    img.onload = () => {
      if (!this.textures.exists(key)) this.textures.addImage(key, img);
      show();
    };
    img.src = session.avatar;
  }

  private showAccountButtons(session: Session | null): void {
    const plyr = plyrOf(this);
    if (!plyr || !session) return;
    const bar = element('div', 'demo-bar');
    if (session.isGuest) {
      bar.append(button('Save account', { 'data-demo': 'save' }, () => plyr.showGuest({ returnTo: 'Play' })));
    } else if (readDemoConfig().match) {
      // A full account can pay entries (a guest has no 2FA to allow spending): the match page asks for that consent.
      bar.append(button('Entry-fee match', { 'data-demo': 'match' }, openMatchPage));
    }
    // A guest's session is its account's only key: leaving it forgets the account (the player was offered Save).
    const leave = session.isGuest ? 'Forget guest' : 'Log out';
    bar.append(
      button(leave, { 'data-plyr': 'logout' }, () => {
        void plyr
          .logout({ forgetGuest: session.isGuest })
          .catch(() => {}) // the core client ends the session here even when the platform cannot be reached
          .finally(() => {
            if (this.sys.isActive()) this.scene.start('Title');
          });
      }),
    );
    this.add.dom(this.scale.width / 2, this.scale.height - BOTTOM_BAR / 2, positioned(bar));
  }

  private makeTextures(): void {
    if (!this.textures.exists('demo-star')) {
      const g = this.make.graphics({}, false);
      const points: Phaser.Math.Vector2[] = [];
      for (let i = 0; i < 10; i++) {
        const r = i % 2 === 0 ? 14 : 6;
        const a = (Math.PI / 5) * i - Math.PI / 2;
        points.push(new Phaser.Math.Vector2(16 + r * Math.cos(a), 16 + r * Math.sin(a)));
      }
      g.fillStyle(0xffcc33).fillPoints(points, true).generateTexture('demo-star', 32, 32).destroy();
    }
    if (!this.textures.exists('demo-basket')) {
      const g = this.make.graphics({}, false);
      g.fillStyle(0x6c7bff)
        .fillRoundedRect(0, 0, 96, 24, 10)
        .generateTexture('demo-basket', 96, 24)
        .destroy();
    }
  }
}
